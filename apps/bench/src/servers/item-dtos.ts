import { IsArray, IsInt, IsNumber, IsOptional, IsString, Length, Min } from 'class-validator';

/** The request body of POST /items, validated by class-validator in tsapi and NestJS alike. */
export class ItemIn {
  @IsString() @Length(1, 50) name!: string;
  @IsNumber() @Min(0) price!: number;
  @IsArray() @IsString({ each: true }) tags: string[] = [];
  @IsOptional() @IsString() description?: string;
}

/** The response model of POST /items and of each item of GET /items. */
export class ItemOut {
  @IsInt() id!: number;
  @IsString() name!: string;
  @IsNumber() price!: number;
  @IsArray() @IsString({ each: true }) tags!: string[];
  @IsOptional() @IsString() description?: string;
}
