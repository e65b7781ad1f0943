import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type FormattedExecutionResult, print } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

/** A GraphQL response as the client sees it. */
export interface Response<T> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Calls the gateway with codegen-typed documents, as a frontend would. */
export class GraphQLTestClient {
  constructor(
    private readonly url: string,
    private readonly wsUrl: string,
  ) {}

  /** Sends a query or mutation; `token` becomes the Bearer credential. */
  async request<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables?: TVariables,
    options: { token?: string; headers?: Record<string, string> } = {},
  ): Promise<Response<TResult>> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: JSON.stringify({ query: print(document), variables: variables ?? {} }),
    });
    return (await response.json()) as Response<TResult>;
  }

  /** Like `request`, but fails the test on any GraphQL error and returns `data`. */
  async data<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables?: TVariables,
    options: { token?: string } = {},
  ): Promise<TResult> {
    const result = await this.request(document, variables, options);
    if (result.errors?.length || !result.data) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data;
  }

  /** Opens a graphql-ws subscription; read results with `next()` and close it with `close()`. */
  subscribe<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
    options: { token?: string } = {},
  ) {
    const client: Client = createClient({
      url: this.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: options.token ? { authorization: `Bearer ${options.token}` } : {},
      retryAttempts: 0,
    });
    const iterator = client.iterate<TResult>({ query: print(document), variables: variables as Record<string, unknown> });
    return {
      next: async (timeoutMs = 10_000): Promise<FormattedExecutionResult<TResult, unknown>> => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`No subscription event within ${timeoutMs} ms`)), timeoutMs);
        });
        try {
          const result = await Promise.race([iterator.next(), timeout]);
          if (result.done) throw new Error('Subscription ended');
          return result.value;
        } finally {
          clearTimeout(timer);
        }
      },
      close: async () => {
        await iterator.return?.();
        await client.dispose();
      },
    };
  }
}
