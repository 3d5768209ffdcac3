/** The protocols vstor asks recorders in, each behind RecorderApi. */
import type { Protocol } from './devices-file.ts';
import { dahuaApi } from './dahua.ts';
import { isapiApi } from './isapi-api.ts';
import { onvifApi } from './onvif.ts';
import type { RecorderApiFactory } from './recorder-api.ts';

const APIS: Record<Protocol, RecorderApiFactory> = { isapi: isapiApi, dahua: dahuaApi, onvif: onvifApi };

export function apiFor(protocol: Protocol): RecorderApiFactory {
  return APIS[protocol];
}
