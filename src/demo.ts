// The before/after experiment's fixed inputs, shared by `memdesk demo` and the local workspace's page:
// one message, sent by three customers the demo seed knows differently.
export const DEMO_MESSAGE = 'Hi, I was charged twice for my subscription this month. Can you sort this out?';
export const DEMO_CUSTOMERS = ['cust_fiona', 'cust_ben', 'cust_elena'];
