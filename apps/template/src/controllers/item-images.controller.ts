import {
  BackgroundTasks,
  Controller,
  Depends,
  File,
  FileResponse,
  Get,
  HTTPException,
  Put,
  UploadFile,
} from '@tsapi/core';
import { ownedItem } from '../dependencies/owned-item';
import { ItemOut } from '../dtos/item.dto';
import { ImageStore } from '../services/image-store';
import { ItemChanges } from '../services/item-changes';
import { ItemsService, type Item } from '../services/items.service';

const ERRORS = {
  403: { description: 'The item belongs to another user' },
  404: { description: 'No such item, or it has no image' },
};

/** One image per item: PNG, JPEG, GIF or WebP, up to 2 MiB. */
@Controller('/items/{itemId}/image', { tags: ['items'] })
export class ItemImagesController {
  constructor(
    private readonly images: ImageStore,
    private readonly changes: ItemChanges,
  ) {}

  /** Stores the image (replacing the previous one); 413 past 2 MiB, 415 for anything but an image. */
  @Put('', {
    responseModel: ItemOut,
    responses: {
      ...ERRORS,
      413: { description: 'Larger than 2 MiB' },
      415: { description: 'Not a PNG, JPEG, GIF or WebP image' },
    },
  })
  async upload(
    @Depends(ownedItem) item: Item,
    @File('image') image: UploadFile,
    @Depends() items: ItemsService,
    tasks: BackgroundTasks,
  ) {
    const stored = await this.images.save(item.id, image);
    const updated = await items.setImage(item.id, stored.file, stored.mediaType);
    this.changes.announce(tasks, item.ownerId, 'updated', updated);
    // The old file goes once the new one is committed; until then it is still the item's.
    const previous = item.imageFile;
    if (previous !== null) tasks.add(() => this.images.remove(previous));
    return ItemOut.from(updated);
  }

  @Get('', { responses: ERRORS })
  download(@Depends(ownedItem) item: Item) {
    if (item.imageFile === null || item.imageType === null) throw new HTTPException(404, 'Item has no image');
    return new FileResponse(this.images.pathOf(item.imageFile), { mediaType: item.imageType });
  }
}
