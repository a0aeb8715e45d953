// The part of autocannon's API the benchmark uses (the package ships no types).
declare module 'autocannon' {
  interface Options {
    url: string;
    headers?: Record<string, string>;
    connections?: number;
    duration?: number;
  }
  interface Result {
    requests: { average: number };
    /** Responses with a status outside 2xx. */
    non2xx: number;
    /** Connection errors. */
    errors: number;
  }
  export default function autocannon(options: Options): Promise<Result>;
}
