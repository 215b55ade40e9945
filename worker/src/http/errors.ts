/**
 * DynamoDB's errors, each able to render itself as the response DynamoDB would send.
 * The `__type` strings carry DynamoDB's own service prefixes: clients (botocore, the Java SDK) read the
 * part after `#` to pick the exception class, and some test suites compare the whole string.
 */

const CORAL = "com.amazon.coral.service#";
const VALIDATE = "com.amazon.coral.validate#";
const DYNAMO = "com.amazonaws.dynamodb.v20120810#";

export class DynamoError extends Error {
  constructor(
    /** The full `__type`, prefix included. */
    readonly type: string,
    message: string | undefined,
    readonly status = 400,
    /** Extra members of the error body (e.g. `Item` for ReturnValuesOnConditionCheckFailure). */
    readonly extra?: Record<string, unknown>,
    /** DynamoDB spells it `Message` in SerializationException bodies and `message` elsewhere. */
    readonly messageKey: "message" | "Message" = "message",
  ) {
    super(message ?? "");
  }

  /** The body DynamoDB sends; `message` is omitted when DynamoDB omits it (SerializationException, ...). */
  toBody(): Record<string, unknown> {
    const body: Record<string, unknown> = { __type: this.type };
    if (this.message !== "") body[this.messageKey] = this.message;
    if (this.extra) Object.assign(body, this.extra);
    return body;
  }
}

export const validationError = (message: string) => new DynamoError(`${VALIDATE}ValidationException`, message);

/** `One or more parameter values were invalid: ...`, DynamoDB's prefix for semantic validation failures. */
export const invalidParameter = (message: string) =>
  validationError(`One or more parameter values were invalid: ${message}`);

export const serializationError = (message?: string) =>
  new DynamoError(`${CORAL}SerializationException`, message, 400, undefined, "Message");

export const unknownOperation = () => new DynamoError(`${CORAL}UnknownOperationException`, undefined);

export const missingAuthToken = () =>
  new DynamoError(`${CORAL}MissingAuthenticationTokenException`, "Request is missing Authentication Token");

export const incompleteSignature = (message: string) =>
  new DynamoError(`${CORAL}IncompleteSignatureException`, message);

export const invalidSignature = (message: string) => new DynamoError(`${CORAL}InvalidSignatureException`, message);

export const unrecognizedClient = (message = "The security token included in the request is invalid.") =>
  new DynamoError(`${CORAL}UnrecognizedClientException`, message);

export const resourceNotFound = (message = "Requested resource not found") =>
  new DynamoError(`${DYNAMO}ResourceNotFoundException`, message);

export const tableNotFound = (tableName: string) =>
  resourceNotFound(`Requested resource not found: Table: ${tableName} not found`);

export const resourceInUse = (message: string) => new DynamoError(`${DYNAMO}ResourceInUseException`, message);

export const conditionalCheckFailed = (extra?: Record<string, unknown>) =>
  new DynamoError(`${DYNAMO}ConditionalCheckFailedException`, "The conditional request failed", 400, extra);

export const accessDenied = (message: string) => new DynamoError(`${CORAL}AccessDeniedException`, message, 400, undefined, "Message");
/** TransactWriteItems / TransactGetItems cancelled: DynamoDB spells the member `Message` here, with the reasons' codes. */
export const transactionCanceled = (reasons: { Code: string }[]) =>
  new DynamoError(
    `${DYNAMO}TransactionCanceledException`,
    `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(", ")}]`,
    400,
    { CancellationReasons: reasons },
    "Message",
  );
export const idempotentParameterMismatch = () =>
  new DynamoError(`${DYNAMO}IdempotentParameterMismatchException`, "The request uses the same client token as a previous, but non-identical request.");
export const transactionInProgress = () =>
  new DynamoError(`${DYNAMO}TransactionInProgressException`, "The transaction with the given request token is already in progress.");
export const limitExceeded = (message: string) => new DynamoError(`${DYNAMO}LimitExceededException`, message);

export const internalError = (message = "The server encountered an internal error trying to fulfill the request.") =>
  new DynamoError(`${DYNAMO}InternalServerError`, message, 500);
