import { css } from 'lit';

// Close to the Finesse desktop's own gadgets: small sans-serif text, grey
// labels, flat badges. Sizes are in rem and rows wrap, so the status stays
// readable at 200 % zoom in a narrow column.
export const statusStyles = css`
  :host {
    display: block;
    font-family: 'Helvetica Neue', Helvetica, Arial, sans-serif;
    font-size: 0.8125rem;
    color: #333;
    background: #fff;
  }

  .status {
    padding: 0.5rem 0.75rem;
    border-bottom: 1px solid #dfdfdf;
  }

  dl {
    margin: 0;
  }

  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    padding: 0.125rem 0;
  }

  dt {
    flex: 0 0 5.5rem;
    color: #666;
  }

  dd {
    flex: 1 1 12rem;
    margin: 0;
    overflow-wrap: anywhere;
  }

  .name {
    font-weight: bold;
  }

  .detail,
  .badge {
    margin-left: 0.5rem;
  }

  .muted {
    color: #666;
  }

  .badge {
    display: inline-block;
    padding: 0 0.375rem;
    border-radius: 0.1875rem;
    background: #e8e8e8;
    color: #333;
    font-size: 0.75rem;
    line-height: 1.25rem;
  }

  dd > .badge:first-child,
  [role='status'] > .badge:first-child {
    margin-left: 0;
  }

  .good {
    background: #dff0d8;
    color: #2b5d1c;
  }

  .warn {
    background: #fcf3d9;
    color: #6b4d00;
  }

  .bad {
    background: #f6dada;
    color: #8a1f1f;
  }

  .error {
    margin: 0 0 0.5rem;
    padding: 0.375rem 0.5rem;
    border-left: 0.25rem solid #c62828;
    background: #fdecea;
    color: #8a1f1f;
  }

  .code {
    font-weight: bold;
  }

  iframe {
    display: block;
    width: 100%;
    height: 24rem;
    border: 0;
  }
`;
