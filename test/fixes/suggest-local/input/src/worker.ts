import { Worker } from 'bullmq';

export const worker = new Worker('invoices', async (job) => {
    const total = job.data.amount * 2;
    return total;
});
