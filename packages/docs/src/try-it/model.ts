// What the site build hands the Try it panel and the walkthroughs: plain JSON read from the spec,
// shared by the build (src/try-it) and the browser code (try-it/). No imports: both sides use it.

/** Where a parameter travels. Cookies are left out: a page cannot set a Cookie header on fetch. */
export type ParameterLocation = 'path' | 'query' | 'header';

/** The JSON type a text field is turned into before it is checked against its schema. */
export type ValueType = 'string' | 'integer' | 'number' | 'boolean';

/** One parameter of an operation, with the spec's example as its first value. */
export interface ParameterModel {
  name: string;
  in: ParameterLocation;
  required: boolean;
  description: string;
  /** The spec's example as text; '' when it gives none. */
  example: string;
  /** The schema's enum, when it has one (a select instead of a text field). */
  enum?: string[];
  type: ValueType;
  /** Export name of the parameter's schema in the API's validators module. */
  validator: string;
}

/** How one credential is sent: a bearer token, Basic user and password, or a header of its own. */
export type CredentialKind = 'bearer' | 'basic' | 'header';

/** A credential field the operation's security requirement asks for. */
export interface CredentialModel {
  /** The security scheme's name in the document. */
  scheme: string;
  kind: CredentialKind;
  /** Header it goes in (`Authorization`, `api_token`). */
  header: string;
  /** Text before the token in that header (`Bearer `, `Zoho-oauthtoken `, '' for a bare key). */
  prefix: string;
  description: string;
}

/** One named example of a request body, as the text the body field starts with. */
export interface BodyExample {
  name: string;
  summary: string;
  value: string;
}

/** A request body: its media type, examples and schema. */
export interface BodyModel {
  contentType: string;
  required: boolean;
  examples: BodyExample[];
  validator: string;
}

/** How an answer's body is read and shown. */
export type AnswerKind = 'json' | 'jsonl' | 'xml' | 'csv' | 'zip' | 'text';

/** The shape an XML answer is read back into JSON by, from the schema's `xml` objects. */
export interface XmlShape {
  /** Element name (the schema's `xml.name`, else the property name). */
  name: string;
  type: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  properties?: Record<string, XmlShape>;
  items?: XmlShape;
  /** Arrays only: whether the items sit inside a wrapper element. */
  wrapped?: boolean;
}

/** One media type a response may come in. */
export interface ContentModel {
  type: string;
  kind: AnswerKind;
  /** Schema of the body (of each line for JSON Lines; of the document read back for XML). */
  validator?: string;
  /** XML only: how the document maps onto the schema. */
  xml?: XmlShape;
}

/** A declared response: status (or `default`), and the media types it may carry (none: no body declared). */
export interface ResponseModel {
  status: string;
  description: string;
  contents: ContentModel[];
}

/** One operation as the panel runs it. */
export interface OperationModel {
  operationId: string;
  method: string;
  path: string;
  summary: string;
  /** Redoc's route of the operation (`export-jobs/createexportjob`), matched case-insensitively. */
  route: string;
  /** Path of the operation's server below its host (`/audit-query-service`, '' for none). */
  serverPath: string;
  /** The server URL with its variables' defaults: what "another server" starts with. */
  serverUrl: string;
  parameters: ParameterModel[];
  body?: BodyModel;
  /** The first security requirement whose schemes a page can send. */
  credentials: CredentialModel[];
  /** What the other schemes of the requirement say (OAuth flows, session cookies). */
  credentialNotes: string[];
  responses: ResponseModel[];
}

/** A value of one answer that feeds a parameter of another operation (from the Arazzo workflows). */
export interface FeedModel {
  from: string;
  /** JSON pointer into the answer's body. */
  pointer: string;
  to: string;
  parameter: string;
}

/** Everything the panel of one API's reference page needs. */
export interface ApiModel {
  id: string;
  title: string;
  operations: OperationModel[];
  feeds: FeedModel[];
  /**
   * When the in-page mock's clock starts: the day after the newest date in the API's examples, so the
   * prefilled examples ask for data the mock still holds. Undefined when the examples hold no date.
   */
  mockClock?: string;
}

/** An Arazzo criterion: `simple` (`$statusCode == 200`) or `regex` on a context value. */
export interface CriterionModel {
  condition: string;
  context?: string;
  type: 'simple' | 'regex';
}

/** What a step does when its criteria fail (references to components already resolved). */
export interface FailureActionModel {
  name: string;
  type: 'retry' | 'end' | 'goto';
  retryAfter: number;
  retryLimit: number;
  criteria: CriterionModel[];
}

/** One step: an operation of the API (by id) or a whole URL from an earlier step (`x-operation`). */
export interface StepModel {
  stepId: string;
  description: string;
  operationId?: string;
  /** `x-operation`: a runtime expression giving the URL. */
  url?: string;
  /** `x-operation`'s method (a step with an operationId uses its operation's). */
  method: string;
  parameters: { name: string; in: string; value: unknown }[];
  body?: { contentType: string; payload: unknown };
  successCriteria: CriterionModel[];
  onFailure: FailureActionModel[];
  outputs: Record<string, string>;
}

/** An input of a workflow, with the value the walkthrough starts with. */
export interface WorkflowInputModel {
  name: string;
  description: string;
  required: boolean;
  /** `format: password`: a credential, kept like the panel's and masked. */
  secret: boolean;
  /** Where the first value comes from: the spec example it feeds, or a value its description names. */
  example: string;
}

/** An Arazzo workflow as the walkthrough runs it. */
export interface WorkflowModel {
  /** The API of its source description (`audit-query`, `zoho`). */
  apiId: string;
  workflowId: string;
  title: string;
  summary: string;
  inputs: WorkflowInputModel[];
  steps: StepModel[];
}
