import { Foundation1764000000000 } from './1764000000000-Foundation';
import { Templates1764000300000 } from './1764000300000-Templates';
import { RulesAndTouches1764000400000 } from './1764000400000-RulesAndTouches';
import { TouchEvents1764000450000 } from './1764000450000-TouchEvents';
import { TouchLedgerSearch1764000500000 } from './1764000500000-TouchLedgerSearch';
import { Tasks1764000900000 } from './1764000900000-Tasks';
import { PlannerIndexes1764000600000 } from './1764000600000-PlannerIndexes';
import { PlannerLapseIndexes1764000610000 } from './1764000610000-PlannerLapseIndexes';
import { ProviderMessageIndex1764000800000 } from './1764000800000-ProviderMessageIndex';
import { ReportIndexes1764001000000 } from './1764001000000-ReportIndexes';
import { LeanerCustomerIndexes1764001100000 } from './1764001100000-LeanerCustomerIndexes';
import { PromoteIndex1765003000000 } from './1765003000000-PromoteIndex';
import { WebSessions1765014000000 } from './1765014000000-WebSessions';
import { SmsOptOutNotices1765200000000 } from './1765200000000-SmsOptOutNotices';
import { AuditLog1765200100000 } from './1765200100000-AuditLog';
import { ErasedAddressHash1765200200000 } from './1765200200000-ErasedAddressHash';
import { RulePlanErrors1765300000000 } from './1765300000000-RulePlanErrors';
import { InboundMessages1765310000000 } from './1765310000000-InboundMessages';
import { SendLeases1765310100000 } from './1765310100000-SendLeases';
import { TouchExpiry1765400000000 } from './1765400000000-TouchExpiry';
import { ReplyTasks1765500000000 } from './1765500000000-ReplyTasks';
import { ReplyForwards1765500000001 } from './1765500000001-ReplyForwards';
import { FollowUpsAndHandover1765510000000 } from './1765510000000-FollowUpsAndHandover';
import { FeedbackAndGoals1765520000000 } from './1765520000000-FeedbackAndGoals';
import { StaffLocale1765530000000 } from './1765530000000-StaffLocale';
import { TouchEventsTimeBrin1765540000000 } from './1765540000000-TouchEventsTimeBrin';
import { RuleStateIndexUnique1765541000000 } from './1765541000000-RuleStateIndexUnique';

/** In order; committed migrations are never edited, only followed by new ones. */
export const MIGRATIONS = [
  Foundation1764000000000,
  Templates1764000300000,
  RulesAndTouches1764000400000,
  TouchEvents1764000450000,
  TouchLedgerSearch1764000500000,
  PlannerIndexes1764000600000,
  PlannerLapseIndexes1764000610000,
  ProviderMessageIndex1764000800000,
  Tasks1764000900000,
  ReportIndexes1764001000000,
  LeanerCustomerIndexes1764001100000,
  PromoteIndex1765003000000,
  WebSessions1765014000000,
  SmsOptOutNotices1765200000000,
  AuditLog1765200100000,
  ErasedAddressHash1765200200000,
  RulePlanErrors1765300000000,
  InboundMessages1765310000000,
  SendLeases1765310100000,
  TouchExpiry1765400000000,
  ReplyTasks1765500000000,
  ReplyForwards1765500000001,
  FollowUpsAndHandover1765510000000,
  FeedbackAndGoals1765520000000,
  StaffLocale1765530000000,
  TouchEventsTimeBrin1765540000000,
  RuleStateIndexUnique1765541000000,
];
