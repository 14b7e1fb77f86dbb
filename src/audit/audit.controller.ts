import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiTokenAuth } from '../common/api-docs';
import { Roles } from '../staff/auth.decorators';
import { AuditPage, AuditService } from './audit.service';
import { AuditPageDto, ListAuditQueryDto } from './dto/audit.dto';

@ApiTags('audit')
@ApiTokenAuth()
@ApiErrors([403, 'Admins only.'])
@Roles('admin')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    summary: 'The audit log of admin actions, newest first',
    description:
      'Who (staff id), when and what (action, entity type and id), with the entity before and after: staff changes, token issue and ' +
      'revoke, rules, templates, suppressions added and lifted, erasures and CSV exports. Token values are never stored; after an ' +
      "erasure, the erased customer's personal data is masked here too. Pass `nextCursor` back as `cursor` until it is null.",
  })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiErrors([400, 'A bad filter or cursor, named in `errors`.'])
  list(@Query() query: ListAuditQueryDto): Promise<AuditPage> {
    return this.audit.list(query);
  }
}
