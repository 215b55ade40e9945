/**
 * Responses as DynamoDB sends them: JSON in the request's content type, `x-amzn-RequestId`, and
 * `x-amz-crc32` of the body (botocore and the Java SDK verify it and retry on a mismatch).
 */
import CRC32 from "crc-32";
import type { DynamoError } from "./errors.js";

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** 52 characters of [A-Z0-9], the shape of DynamoDB's request ids. */
export function requestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(52));
  let id = "";
  for (let i = 0; i < 52; i++) id += ID_ALPHABET[bytes[i]! % 36];
  return id;
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
