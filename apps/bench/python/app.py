"""The benchmark's routes in FastAPI: the same work as the tsapi, Fastify and NestJS servers.

BENCH_VARIANT=stack adds one HTTP middleware (a header on every response) and CORSMiddleware.
"""
import os
from typing import AsyncIterator, List, Optional

from fastapi import Depends, FastAPI, Header, Request, status
from fastapi.middleware.cors import CORSMiddleware
from pydantic import BaseModel, Field

ALLOWED_ORIGIN = "https://app.example.com"
SETTINGS = {"greeting": "hello"}

app = FastAPI()


class ItemIn(BaseModel):
    name: str = Field(..., min_length=1, max_length=50)
    price: float = Field(..., ge=0)
    tags: List[str] = []
    description: Optional[str] = None


class ItemOut(BaseModel):
    id: int
    name: str
    price: float
    tags: List[str]
    description: Optional[str] = None


class Session:
    opened = 0

    def __init__(self) -> None:
        Session.opened += 1
        self.id = Session.opened
        self.open = True


def list_items(skip: int, limit: int) -> List[dict]:
    items = []
    for i in range(limit):
        item_id = skip + i
        item = {"id": item_id, "name": f"item {item_id}", "price": 9.5 + i, "tags": ["red", "blue"]}
        if i % 2 == 0:
            item["description"] = f"the item number {item_id}"
        items.append(item)
    return items


@app.get("/hello")
async def hello():
    return {"hello": "world"}


@app.get("/items/{item_id}")
async def read_item(item_id: int):
    return {"id": item_id, "name": "item"}


@app.post("/items", status_code=status.HTTP_201_CREATED, response_model=ItemOut)
async def create_item(item: ItemIn):
    return {"id": 1, **item.dict()}


@app.get("/items", response_model=List[ItemOut])
async def read_items(skip: int = 0, limit: int = 10):
    return list_items(skip, limit)


async def open_session() -> AsyncIterator[Session]:
    session = Session()
    try:
        yield session
    finally:
        session.open = False


def load_settings() -> dict:
    return SETTINGS


async def current_user(x_user: str = Header("anonymous"), session: Session = Depends(open_session)) -> dict:
    return {"name": x_user, "viaSession": session.open}


@app.get("/me")
async def me(
    user: dict = Depends(current_user),
    settings: dict = Depends(load_settings),
    session: Session = Depends(open_session),
):
    return {
        "message": f"{settings['greeting']}, {user['name']}",
        "viaSession": user["viaSession"],
        "sessionOpen": session.open,
    }


if os.environ.get("BENCH_VARIANT") == "stack":

    @app.middleware("http")
    async def served_by(request: Request, call_next):
        response = await call_next(request)
        response.headers["x-served-by"] = "fastapi"
        return response

    app.add_middleware(CORSMiddleware, allow_origins=[ALLOWED_ORIGIN])
