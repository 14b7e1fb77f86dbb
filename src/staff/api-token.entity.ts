import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('api_tokens')
export class ApiToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'staff_id' })
  staffId: string;

  @Column('text')
  name: string;

  /** SHA-256 of the token; the token itself is shown once and never stored. */
  @Column('text', { name: 'token_hash' })
  tokenHash: string;

  /** The first characters, so a person can tell their tokens apart. */
  @Column('text')
  prefix: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
