/**
 * Responses as DynamoDB sends them: JSON in the request's content type, `x-amzn-RequestId`, and
 * `x-amz-crc32` of the body (botocore and the Java SDK verify it and retry on a mismatch).
 */
import CRC32 from "crc-32";
import type { DynamoError } from "./errors.js";

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

let prefix = "";
let counter = 0;

/**
 * 52 characters of [A-Z0-9], the shape of DynamoDB's request ids: a random prefix drawn once per
 * isolate and a counter, so ids are unique without drawing 52 random bytes per request.
 */
export function requestId(): string {
  if (!prefix) {
    const bytes = crypto.getRandomValues(new Uint8Array(40));
    for (let i = 0; i < 40; i++) prefix += ID_ALPHABET[bytes[i]! % 36];
  }
  counter = (counter + 1) % 4738381338321616896; // 36^12
  return prefix + counter.toString(36).toUpperCase().padStart(12, "0");
}

export function jsonResponse(body: string, contentType: string, status = 200): Response {
  return new Response(body, {
    status,
    headers: {
      "content-type": contentType,
      "x-amzn-requestid": requestId(),
      "x-amz-crc32": String(CRC32.str(body) >>> 0),
    },
  });
}

export function errorResponse(e: DynamoError, contentType: string): Response {
  return jsonResponse(JSON.stringify(e.toBody()), contentType, e.status);
}
