import { Module } from '@nestjs/common';
import { CustomersController } from './customers/customers.controller';
import { CustomersService } from './customers/customers.service';
import { ErasureService } from './erasure/erasure.service';
import { OrderEvents } from './orders/order-events';
import { OrdersController } from './orders/orders.controller';
import { OrdersService } from './orders/orders.service';

/** Customers and orders as the CRM pushes them. OrderEvents lets the planner hear of new placed orders. */
@Module({
  controllers: [CustomersController, OrdersController],
  providers: [CustomersService, OrdersService, OrderEvents, ErasureService],
  exports: [CustomersService, OrdersService, OrderEvents],
})
export class CrmModule {}
