import { ApiProperty } from '@nestjs/swagger';
import { PAGE_LOCALES, PageLocale } from '../../common/domain';
import { Role, ROLES } from '../staff.entity';

export class StaffDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Linh Nguyen' }) name: string;
  @ApiProperty({ example: 'linh@example.com' }) email: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ example: 'Asia/Ho_Chi_Minh' }) timeZone: string;
  @ApiProperty({ enum: PAGE_LOCALES, description: 'The language of their web page.' }) locale: PageLocale;
  @ApiProperty({ type: String, nullable: true, description: 'E.164' }) phone: string | null;
  @ApiProperty({ type: String, nullable: true }) emailSignature: string | null;
  @ApiProperty({ example: 20 }) dailyCapacity: number;
  @ApiProperty({ type: String, format: 'date', nullable: true }) awayFrom: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) awayUntil: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) backupStaffId: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class TokenDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) staffId: string;
  @ApiProperty({ example: 'laptop' }) name: string;
  @ApiProperty({ example: 'tp_3f9a', description: 'The first characters, to tell tokens apart.' }) prefix: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ type: Date, nullable: true }) lastUsedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true }) revokedAt: Date | null;
}

export class IssuedTokenDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'laptop' }) name: string;
  @ApiProperty({ example: 'tp_3f9a' }) prefix: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ description: 'The token itself: shown in this answer only, stored as a hash.' }) token: string;
}
