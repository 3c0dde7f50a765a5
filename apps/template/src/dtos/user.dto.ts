import { IsBoolean, IsEmail, IsInt, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { USERNAME_PATTERN } from '../settings';

/** What a client sends to register. Unknown fields are dropped. */
export class UserCreate {
  @IsString() @Length(3, 32) @Matches(new RegExp(USERNAME_PATTERN)) username!: string;
  @IsString() @Length(8, 128) password!: string;
  @IsOptional() @IsString() @MaxLength(254) @IsEmail() email?: string;
  @IsOptional() @IsString() @MaxLength(100) fullName?: string;
}

/** What the API tells about a user: never the password hash. */
export class UserOut {
  @IsInt() id!: number;
  @IsString() username!: string;
  @IsOptional() @IsString() email?: string | null;
  @IsOptional() @IsString() fullName?: string | null;
  @IsBoolean() disabled!: boolean;
}

/** OAuth2's token response (RFC 6749, 5.1), hence the snake_case names. */
export class TokenOut {
  @IsString() access_token!: string;
  @IsString() token_type!: string;
}
