import { IsArray, IsInt, IsNumber, IsOptional, IsString, Length, MaxLength, Min } from 'class-validator';

/** What a client sends to create an item. Unknown fields are dropped. */
export class ItemIn {
  @IsString() @Length(1, 50) name!: string;
  @IsNumber() @Min(0) price!: number;
  @IsOptional() @IsString() @MaxLength(300) description?: string;
  @IsArray() @IsString({ each: true }) tags: string[] = [];
}

/** What the API answers with: only these fields leave the server. */
export class ItemOut {
  @IsInt() id!: number;
  @IsString() name!: string;
  @IsNumber() price!: number;
  @IsOptional() @IsString() description?: string;
  @IsArray() @IsString({ each: true }) tags!: string[];
}
