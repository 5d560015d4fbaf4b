/**
 * `@reportwright/react/testing`: an in-memory implementation of the client interface with
 * sample data, for Storybook, tests and demos without a server.
 *
 * @packageDocumentation
 */
export {}
