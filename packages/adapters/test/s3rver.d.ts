declare module 's3rver' {
  export default class S3rver {
    constructor(options: Record<string, unknown>)
    run(): Promise<{ readonly port: number; readonly address: string }>
    close(): Promise<void>
  }
}
