import { Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply as Response } from 'fastify';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiTokenAuth, ErrorSpec } from '../common/api-docs';
import { UuidParamPipe } from '../common/validation';
import { CurrentStaff, Principal, Public } from '../staff/auth.decorators';
import { CalendarFeedStatus, CalendarService, IssuedCalendarFeed } from './calendar.service';
import { CalendarFeedStatusDto, IssuedCalendarFeedDto } from './dto/calendar.dto';

const NOT_YOURS: ErrorSpec = [403, "A manager asked about another staff member's feed (admins may manage anyone's)."];
const UNKNOWN_STAFF: ErrorSpec = [404, 'No staff member has this id.'];
const BAD_ID: ErrorSpec = [400, 'The id is not a UUID.'];

@ApiTags('calendar')
@Controller()
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('staff/:id/calendar-feed')
  @ApiTokenAuth()
  @ApiOperation({
    summary: 'Whether a staff member has a calendar feed URL (the URL itself is shown only when it is made)',
    description: 'Managers ask about their own; admins about anyone.',
  })
  @ApiOkResponse({ type: CalendarFeedStatusDto })
  @ApiErrors(BAD_ID, NOT_YOURS, UNKNOWN_STAFF)
  status(@CurrentStaff() principal: Principal, @Param('id', UuidParamPipe) id: string): Promise<CalendarFeedStatus> {
    return this.calendar.status(principal, id);
  }

  @Post('staff/:id/calendar-feed')
  @ApiTokenAuth()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Make a new secret calendar feed URL; the previous one stops working (404) at once',
    description:
      "The feed lists the staff member's open call tasks as iCalendar (RFC 5545): one event per task at the customer's local send time on " +
      'its due day, named by the customer and that time in their zone. Subscribe to the URL in any calendar application; it needs no ' +
      "other sign-in, so treat it as a password. Managers rotate their own; admins anyone's.",
  })
  @ApiOkResponse({ type: IssuedCalendarFeedDto })
  @ApiErrors(BAD_ID, NOT_YOURS, UNKNOWN_STAFF)
  rotate(@CurrentStaff() principal: Principal, @Param('id', UuidParamPipe) id: string): Promise<IssuedCalendarFeed> {
    return this.calendar.rotate(principal, id);
  }

  @Delete('staff/:id/calendar-feed')
  @ApiTokenAuth()
  @HttpCode(204)
  @ApiOperation({ summary: 'Turn the calendar feed off; its URL answers 404 from now on' })
  @ApiNoContentResponse({ description: 'Off (also when it was already).' })
  @ApiErrors(BAD_ID, NOT_YOURS, UNKNOWN_STAFF)
  remove(@CurrentStaff() principal: Principal, @Param('id', UuidParamPipe) id: string): Promise<void> {
    return this.calendar.remove(principal, id);
  }

  @Get('calendar/:file')
  @Public()
  @ApiOperation({
    summary: "A staff member's open call tasks as an iCalendar feed, at the secret URL from POST /staff/{id}/calendar-feed",
    description:
      'No token: the URL is the credential. Events have a UID per task, DTSTART in UTC and a 15-minute duration; the summary and ' +
      "description give the customer's name and local time. No phone numbers or talking points.",
  })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'The calendar.', content: { 'text/calendar': { schema: { type: 'string' } } } })
  @ApiErrors(
    [400, 'The address is not a feed token followed by `.ics`.'],
    [404, 'No feed has this address (never made, rotated or turned off, or its staff member is inactive).'],
  )
  async feed(@Param('file') file: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const calendar = await this.calendar.feed(file);
    // Set only on success: a 404 stays the usual JSON error.
    res.header('Content-Type', 'text/calendar; charset=utf-8');
    res.header('Cache-Control', 'private, no-store');
    return calendar;
  }
}
