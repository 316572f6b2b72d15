const cron = require('node-cron');

cron.schedule('*/5 * * * *', async function syncInvoices() {
  await Promise.resolve('synced');
});
