import { Type } from 'class-transformer';
import { IsArray, IsDate, IsIn, IsInt, ValidateNested } from 'class-validator';
import { ITEM_ACTIONS, type ItemAction } from '../services/audit.service';
import { PageOut } from './page.dto';

/** One change a user made, as `GET /audit` lists it. */
export class AuditOut {
  @IsInt() id!: number;
  @IsIn(ITEM_ACTIONS) action!: ItemAction;
  @IsInt() itemId!: number;
  @IsDate() @Type(() => Date) at!: Date;
}

export class AuditPage extends PageOut {
  @IsArray() @ValidateNested({ each: true }) @Type(() => AuditOut) items!: AuditOut[];
}
