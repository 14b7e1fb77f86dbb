import { Customer } from '../crm/customers/customer.entity';
import { Order } from '../crm/orders/order.entity';
import { ApiToken } from '../staff/api-token.entity';
import { Staff } from '../staff/staff.entity';

/** Every entity, listed once for the app and the migration tooling alike. */
export const ENTITIES = [Staff, ApiToken, Customer, Order];
