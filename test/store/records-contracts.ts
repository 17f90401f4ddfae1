// Runs every port's contract against one backend.
import { deliveryLedgerContract } from './delivery-ledger-contract.js';
import { operationLogContract } from './operation-log-contract.js';
import type { MakeRecords } from './records-contract.js';
import { ticketRepositoryContract } from './ticket-repository-contract.js';
import { writebackStoreContract } from './writeback-store-contract.js';

export function recordsContracts(name: string, make: MakeRecords): void {
  ticketRepositoryContract(name, make);
  deliveryLedgerContract(name, make);
  writebackStoreContract(name, make);
  operationLogContract(name, make);
}
