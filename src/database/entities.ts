import { Suppression } from '../consent/suppression.entity';
import { Customer } from '../crm/customers/customer.entity';
import { Order } from '../crm/orders/order.entity';
import { PlanRun } from '../planner/plan-run.entity';
import { Rule, RuleVersion } from '../rules/rule.entity';
import { ApiToken } from '../staff/api-token.entity';
import { Staff } from '../staff/staff.entity';
import { Task } from '../tasks/task.entity';
import { Template, TemplateVariant } from '../templates/template.entity';
import { TouchEvent } from '../touches/touch-event.entity';
import { Touch } from '../touches/touch.entity';

/** Every entity, listed once for the app and the migration tooling alike. */
export const ENTITIES = [
  Staff,
  ApiToken,
  Customer,
  Order,
  Rule,
  RuleVersion,
  PlanRun,
  Touch,
  TouchEvent,
  Suppression,
  Task,
  Template,
  TemplateVariant,
];
