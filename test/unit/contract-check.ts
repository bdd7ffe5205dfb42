import { expect } from '@open-wc/testing';

/** The contract's Login data fields (contract section 1), in its order. */
export const LOGIN_DATA_FIELDS = [
  'name',
  'extension',
  'loginName',
  'loginId',
  'mediaType',
  'teamId',
  'teamName',
  'reasonCode',
  'state',
  'stateChangeTime',
  'agentType',
] as const;

export type ContractLoginData = Record<
  (typeof LOGIN_DATA_FIELDS)[number],
  string
>;

/** The contract's sample data: the vendor page's agent. */
export const SAMPLE_LOGIN_DATA: ContractLoginData = {
  name: 'Jane Doe',
  extension: '5001',
  loginName: 'jdoe',
  loginId: '1001001',
  mediaType: '1',
  teamId: '5000',
  teamName: 'Cardiology Scheduling',
  reasonCode: 'login',
  state: 'login',
  stateChangeTime: '2025-03-04T08:00:12.345Z',
  agentType: 'not_routable',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks one posted message against the contract's Login: the envelope and
 * every data field, each a string, with the `replay` flag this project adds
 * beside them. Extra keys beside the contract's are allowed only at the top
 * level (the contract's "beside these").
 */
export function expectContractLogin(
  message: unknown,
  data: ContractLoginData,
  replay: boolean,
): void {
  if (!isRecord(message))
    throw new Error(`not an object: ${JSON.stringify(message)}`);
  const { replay: actualReplay, ...contractPart } = message;

  expect(contractPart).to.deep.equal({
    channel: 'Finesse',
    topic: 'Agent',
    subtopic: 'Login',
    message: { event: 'login', source: 'event', data },
  });
  expect(actualReplay, 'replay').to.equal(replay);

  const actualData = (contractPart.message as { data: Record<string, unknown> })
    .data;
  expect(Object.keys(actualData).sort()).to.deep.equal(
    [...LOGIN_DATA_FIELDS].sort(),
  );
  for (const field of LOGIN_DATA_FIELDS) {
    expect(actualData[field], field).to.be.a('string');
  }
  expect(actualData.stateChangeTime).to.match(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
  );
}

/** Checks a registration acknowledgement. */
export function expectAck(
  message: unknown,
  source: string,
  agentSignedIn: 'true' | 'false',
): void {
  if (!isRecord(message))
    throw new Error(`not an object: ${JSON.stringify(message)}`);
  const { replay, ...rest } = message;
  expect(rest).to.deep.equal({
    channel: 'Finesse',
    topic: 'Channel',
    subtopic: 'Register',
    message: {
      event: 'registered',
      source: 'event',
      data: { source, agentSignedIn },
    },
  });
  expect(replay).to.equal(false);
}

/** Whether a posted message is a Login. */
export function isLogin(message: unknown): boolean {
  return (
    isRecord(message) &&
    message.topic === 'Agent' &&
    message.subtopic === 'Login'
  );
}

/** A registration as a host sends it. */
export function registerRequest(source = 'EHR'): Record<string, string> {
  return { channel: 'Finesse', topic: 'Channel', subtopic: 'Register', source };
}
