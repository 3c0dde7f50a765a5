import { Controller, Depends, Get } from '@tsapi/core';
import { currentUser } from '../dependencies/current-user';
import { Pagination } from '../dependencies/pagination';
import { AuditPage } from '../dtos/audit.dto';
import { AuditService } from '../services/audit.service';
import type { User } from '../services/users.service';

@Controller('/audit', { tags: ['audit'] })
export class AuditController {
  /** Your own changes to items, newest first (written in the background, just after each change). */
  @Get('', { responseModel: AuditPage })
  async list(@Depends() page: Pagination, @Depends(currentUser) user: User, @Depends() audit: AuditService) {
    const { items, total } = await audit.list(user.id, page.skip, page.limit);
    return { items, total, skip: page.skip, limit: page.limit };
  }
}
