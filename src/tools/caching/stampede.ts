/**
 * Anti-stampede: this process's coordination around a CacheStore. A request that will store its
 * response holds a Ticket; when others may wait for it, the ticket owns a Flight (the variant being
 * computed), and later requests for that variant wait on it instead of computing it again.
 */
import type { CacheStore } from "./store.js";

/** A request that means to store its response; the owner of a flight when others may wait for it. */
export interface Ticket {
  readonly uri: string;
  /** Set when an unsafe request hit the URI meanwhile: the response may be stale, so it is not stored. */
  invalidated: boolean;
  /** Ends the ticket and wakes the flight's waiters; safe to call more than once. */
  release(): void;
}

/** A variant being computed: later requests for it wait on `done` instead of computing it again. */
export interface Flight {
  readonly key: string;
  readonly since: number;
  readonly done: Promise<void>;
  end(): void;
}

/** A store with the in-flight computations and the requests about to store, of this process. */
export class ResponseCache {
  readonly store: CacheStore;
  readonly #flights = new Map<string, Flight>();
  readonly #tickets = new Set<Ticket>();

  constructor(store: CacheStore) {
    this.store = store;
  }

  flight(key: string): Flight | undefined {
    return this.#flights.get(key);
  }

  /** Ends a flight: removes it and wakes its waiters. Safe to call twice or after a takeover. */
  land(flight: Flight): void {
    if (this.#flights.get(flight.key) === flight) this.#flights.delete(flight.key);
    flight.end();
  }

  /** Registers a request that will store its response; with `flightKey`, others may wait for it. */
  open(uri: string, flightKey: string | undefined): Ticket {
    let flight: Flight | undefined;
    if (flightKey !== undefined) {
      let end = () => {};
      const done = new Promise<void>((resolve) => (end = resolve));
      flight = { key: flightKey, since: Date.now(), done, end };
      this.#flights.set(flightKey, flight);
    }
    const ticket: Ticket = {
      uri,
      invalidated: false,
      release: () => {
        this.#tickets.delete(ticket);
        if (flight !== undefined) this.land(flight);
      },
    };
    this.#tickets.add(ticket);
    return ticket;
  }

  /** Drops every stored variant of the URI; responses being computed for it will not be stored. */
  async invalidate(uri: string): Promise<void> {
    for (const ticket of this.#tickets) if (ticket.uri === uri) ticket.invalidated = true;
    await this.store.delete(uri);
  }
}

const caches = new WeakMap<CacheStore, ResponseCache>();

/** The one ResponseCache of a store, so every route using the store sees the same flights. */
export function responseCacheOf(store: CacheStore): ResponseCache {
  let cache = caches.get(store);
  if (cache === undefined) caches.set(store, (cache = new ResponseCache(store)));
  return cache;
}

/** Waits until the flight ends or `ms` pass, whichever comes first; never leaves a timer behind. */
export function waitFor(flight: Flight, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([flight.done, timeUp]).finally(() => clearTimeout(timer));
}
