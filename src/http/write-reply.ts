import type { FastifyReply } from 'fastify';
import type { WriteReceipt } from '../common/write-receipt';

/** 201 with a Location when the write created something, 200 when it repeated a past one. */
export function answerWrite(
  reply: FastifyReply,
  receipt: WriteReceipt,
  location: string,
): Omit<WriteReceipt, 'created'> {
  void reply
    .status(receipt.created ? 201 : 200)
    .header('location', location)
    .header('etag', `"${receipt.revision}"`);
  const { created: _created, ...body } = receipt;
  return body;
}
