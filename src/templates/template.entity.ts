import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Channel } from '../common/domain';
import { VariantParts } from './template.types';

@Entity('templates')
export class Template {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Slug that rules refer to, e.g. `birthday-email`. Never changes once created. */
  @Column('text')
  key: string;

  @Column('text')
  channel: Channel;

  @Column('text', { default: '' })
  description: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;

  @Column('uuid', { name: 'updated_by', nullable: true })
  updatedBy: string | null;
}

@Entity('template_variants')
export class TemplateVariant {
  @PrimaryColumn('uuid', { name: 'template_id' })
  templateId: string;

  /** '' for the default variant, else a canonical BCP 47 tag (`vi`, `vi-VN`). */
  @PrimaryColumn('text')
  locale: string;

  /** Handlebars sources by part name; which parts exist depends on the template's channel. */
  @Column('jsonb')
  parts: VariantParts;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;

  @Column('uuid', { name: 'updated_by', nullable: true })
  updatedBy: string | null;
}
