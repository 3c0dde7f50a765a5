/** The item shape both servers send; the list route builds the same ten items in both. */
export interface ItemRecord {
  id: number;
  name: string;
  price: number;
  tags: string[];
  description?: string;
}

export function listItems(skip: number, limit: number): ItemRecord[] {
  const items: ItemRecord[] = new Array(limit);
  for (let i = 0; i < limit; i++) {
    const id = skip + i;
    items[i] = {
      id,
      name: `item ${id}`,
      price: 9.5 + i,
      tags: ['red', 'blue'],
      ...(i % 2 === 0 ? { description: `the item number ${id}` } : {}),
    };
  }
  return items;
}
