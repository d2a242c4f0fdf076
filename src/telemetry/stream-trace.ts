import { context, createContextKey, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import type { BillingEvent } from '../live/billing-event.js';
import type { StreamObserver, Tick } from '../live/live-context.js';

/** Where the subscription's span keeps its StreamTrace in the OpenTelemetry context, for the live side to find. */
const STREAM_TRACE = createContextKey('billgraph subscription stream');

export const withStreamTrace = (parent: ReturnType<typeof context.active>, stream: StreamTrace) => parent.setValue(STREAM_TRACE, stream);

/** The stream being opened in this async context, if a traced subscription is opening it. */
export const activeStreamTrace = (): StreamTrace | null => (context.active().getValue(STREAM_TRACE) as StreamTrace | undefined) ?? null;

interface Pending {
  event: BillingEvent | null;
  span: Span | null;
}

/**
 * The spans of one subscription (docs/ARCHITECTURE.md section 11): the stream's SERVER span, open as long as the
 * stream, and one CONSUMER span per event, from its arrival to its delivery, with the re-read it causes inside.
 *
 * An event's span is the root of a trace of its own with a span link to the stream's span, not its child: a
 * stream lives for minutes or hours and its span is exported only when it ends, so children would reach the
 * backend long before their parent (shown as orphans, and split by tail-sampling collectors that wait seconds
 * for a trace), and one trace would grow for as long as the stream lives.
 */
export class StreamTrace implements StreamObserver {
  /** What was pushed to the subscriber and not yet delivered, in order: each delivery is the oldest one. */
  readonly #pending: Pending[] = [];
  #delivered = 0;

  constructor(
    private readonly tracer: Tracer,
    readonly span: Span,
  ) {}

  ticked(tick: Tick): void {
    if (tick.kind !== 'event') return void this.#pending.push({ event: null, span: null });
    const { type, provider } = tick.event;
    // Only the event's kind and provider: never a customer or invoice id.
    const span = this.tracer.startSpan(
      `event ${type}`,
      {
        kind: SpanKind.CONSUMER,
        root: true,
        links: [{ context: this.span.spanContext() }],
        attributes: { 'billgraph.event.type': type, 'billgraph.event.provider': provider },
      },
      ROOT_CONTEXT,
    );
    this.#pending.push({ event: tick.event, span });
  }

  within<T>(event: BillingEvent | null, work: () => Promise<T>): Promise<T> {
    // The start's read belongs to the stream's span; an event's re-read to the event's.
    const span = event === null ? this.span : this.#pending.find((p) => p.event === event)?.span;
    if (!span) return work();
    return context.with(trace.setSpan(ROOT_CONTEXT, span), work).catch((error: unknown) => {
      span.setAttribute('error.type', (error as { code?: unknown }).code?.toString() ?? 'INTERNAL');
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    });
  }

  skipped(event: BillingEvent): void {
    const at = this.#pending.findIndex((p) => p.event === event);
    if (at < 0) return;
    const [skipped] = this.#pending.splice(at, 1);
    skipped!.span?.setAttribute('billgraph.event.delivered', false);
    skipped!.span?.end();
  }

  /** One result reached the subscriber. */
  delivered(): void {
    this.#delivered += 1;
    const oldest = this.#pending.shift();
    oldest?.span?.setAttribute('billgraph.event.delivered', true);
    oldest?.span?.end();
  }

  /** The stream is over (completed, the client gone, the drain): events never delivered end too. */
  end(): void {
    for (const { span } of this.#pending.splice(0)) {
      span?.setAttribute('billgraph.event.delivered', false);
      span?.end();
    }
    this.span.setAttribute('billgraph.subscription.events_delivered', this.#delivered);
    this.span.end();
  }
}
