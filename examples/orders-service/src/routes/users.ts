import type { Request, Response } from 'express';
import { inSpan } from '@/lib/telemetry.js';

export async function getUser(req: Request, res: Response) {
  const user = await inSpan('users.get', async (span) => {
    span.setAttribute('user.id', req.params.id);
    return { id: req.params.id };
  });
  res.json(user);
}

export async function listUsers(_req: Request, res: Response) {
  res.json([]);
}
