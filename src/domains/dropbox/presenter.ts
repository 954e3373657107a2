import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type DropboxRow, dropboxAddress } from './dropbox.ts';
import type { DropboxOutput } from './validators.ts';

/** The domain of dropbox addresses: KITH_INBOUND_DOMAIN (or its fallback), else the host the request named. */
export const inboundDomainOf = (app: FastifyInstance, request: FastifyRequest) =>
  app.inboundDomain ?? request.hostname.toLowerCase();

/** A dropbox as the API shows it: its address, never the row. */
export const presentDropbox = (row: DropboxRow, domain: string): DropboxOutput => ({
  address: dropboxAddress(row.token, domain),
});
