import { IsInt } from 'class-validator';

/** The fields every page of results carries next to its `items`. */
export abstract class PageOut {
  @IsInt() total!: number;
  @IsInt() skip!: number;
  @IsInt() limit!: number;
}
