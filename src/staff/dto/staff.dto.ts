import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsEmail, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { PAGE_LOCALES } from '../../common/domain';
import { IsTimeZone } from '../../common/validators';
import { Role, ROLES } from '../staff.entity';

export class CreateStaffDto {
  @ApiProperty({ example: 'Linh Nguyen' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: 'linh@example.com' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty({ example: 'Asia/Ho_Chi_Minh' })
  @IsTimeZone()
  timeZone: string;

  @ApiPropertyOptional({
    enum: PAGE_LOCALES,
    default: 'en',
    description: 'The language of their web page. Another value is refused with 422 naming `locale`.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(35)
  locale?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+84901234567', description: 'Any format; stored as E.164.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: "Appended to emails sent in this person's name." })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  emailSignature?: string | null;

  @ApiPropertyOptional({ default: 20, description: 'Calls and cards this person can take on in a day.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  dailyCapacity?: number;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2026-12-20', description: 'First day away (inclusive).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  awayFrom?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2027-01-03', description: 'Last day away (inclusive).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  awayUntil?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Colleague who takes over while this person is away.' })
  @IsOptional()
  @IsUUID()
  backupStaffId?: string | null;
}

// Null still validates, so a required field cannot be cleared; the optional ones accept null to clear.
export class UpdateStaffDto extends PartialType(CreateStaffDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ description: 'Inactive staff cannot sign in.' })
  @IsOptional()
  @IsIn([true, false])
  active?: boolean;
}

export class CreateTokenDto {
  @ApiProperty({ example: 'laptop', description: 'A label to tell tokens apart.' })
  @IsString()
  @Length(1, 100)
  name: string;
}

/** What staff members may change about themselves. */
export class UpdateMeDto {
  @ApiPropertyOptional({
    enum: PAGE_LOCALES,
    description: 'The language of your web page. Another value is refused with 422 naming `locale`.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(35)
  locale?: string;
}
