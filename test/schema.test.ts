import assert, { AssertionError } from "node:assert/strict";
import { describe, test } from "node:test";

import { assertValidJob, assertValidJobCollection } from "./support/schema.js";

const VAULT_ID =
  "/Subscriptions/7a1e55c2-90b4-4d0e-a6f1-3c2b8e9d4f10/resourceGroups/rg-west" +
  "/providers/Microsoft.RecoveryServices/vaults/dr-vault";
const TYPE = "Microsoft.RecoveryServices/vaults/replicationJobs";
const UNSET = "0001-01-01T00:00:00";

type Body = Record<string, unknown>;

function jobEnvelope(name: string, properties: Body): Body {
  return { id: `${VAULT_ID}/replicationJobs/${name}`, name, type: TYPE, properties };
}

function plainTask(overrides: Body = {}): Body {
  return {
    taskId: "b0c4a8e2-5d1f-4e57-9a0b-61f2c7d3e845",
    name: "PrepareTask",
    startTime: "2024-03-11T08:15:02.1234567Z",
    endTime: "2024-03-11T08:15:09.5Z",
    allowedActions: [],
    friendlyName: "Prerequisites check",
    state: "Succeeded",
    stateDescription: "Completed",
    taskType: "TaskDetails",
    customDetails: { instanceType: "TaskDetails" },
    groupTaskCustomDetails: null,
    errors: [],
    ...overrides,
  };
}

function fullJob(): Body {
  return {
    ...jobEnvelope("4f9d2c1a-7b3e-4a60-8c5d-2e1f0a9b8c77", {
      activityId: "d2b1f7a0-3c44-4e0b-b5a9-7f60c1e2d389 ActivityId: 11aa22bb-33cc-44dd",
      scenarioName: "EnableDr",
      friendlyName: "Enable replication",
      state: "Succeeded",
      stateDescription: "Completed",
      tasks: [plainTask()],
      errors: [],
      startTime: "2024-03-11T08:15:01.98Z",
      endTime: "2024-03-11T08:15:10Z",
      allowedActions: [],
      targetObjectId: "c8e1d0f2-6a7b-4c3d-9e8f-0a1b2c3d4e5f",
      targetObjectName: "app-vm-01",
      targetInstanceType: "ProtectionEntity",
      customDetails: {
        instanceType: "AsrJobDetails",
        affectedObjectDetails: { PrimaryCloudName: "east-cloud", RecoveryCloudName: "Azure" },
      },
    }),
    location: "westus2",
  };
}

function jobEntity(name: string): Body {
  return {
    jobId: `${VAULT_ID}/replicationJobs/${name}`,
    jobFriendlyName: "Failover",
    targetObjectId: `object-${name}`,
    targetObjectName: `vm-${name}`,
    targetInstanceType: "ProtectionEntity",
    jobScenarioName: "PlannedFailover",
  };
}

function groupTaskJob(): Body {
  const children = [
    plainTask({
      taskId: "child-1",
      name: "VmFailoverTask",
      friendlyName: "Failover vm-a",
      taskType: "VirtualMachineTaskDetails",
      customDetails: {
        instanceType: "VirtualMachineTaskDetails",
        jobTask: jobEntity("child-job-1"),
        skippedReason: "",
        skippedReasonString: null,
      },
    }),
    plainTask({
      taskId: "child-2",
      name: "VmFailoverTask",
      friendlyName: "Failover vm-b",
      startTime: UNSET,
      endTime: UNSET,
      allowedActions: ["Cancel"],
      state: "NotStarted",
      stateDescription: "NotStarted",
      taskType: "VirtualMachineTaskDetails",
      customDetails: { instanceType: "VirtualMachineTaskDetails", jobTask: jobEntity("c-2") },
    }),
  ];
  const group = plainTask({
    taskId: "group-1",
    name: "RecoveryPlanGroupTask",
    friendlyName: "Group 1: Failover",
    endTime: UNSET,
    state: "InProgress",
    stateDescription: "InProgress",
    taskType: "RecoveryPlanGroupTaskDetails",
    customDetails: null,
    groupTaskCustomDetails: {
      instanceType: "RecoveryPlanGroupTaskDetails",
      childTasks: children,
      name: "Group1",
      groupId: "1",
      rpGroupType: "Boot",
    },
  });
  return jobEnvelope("group-job", {
    activityId: "e0f1a2b3-c4d5-4e6f-8a9b-0c1d2e3f4a5b",
    scenarioName: "RecoveryPlanFailover",
    friendlyName: "Failover recovery plan",
    state: "InProgress",
    stateDescription: "InProgress",
    tasks: [plainTask(), group],
    errors: [],
    startTime: "2024-03-11T09:00:00.0000001Z",
    allowedActions: ["Cancel"],
    targetObjectId: "plan-1",
    targetObjectName: "plan-east",
    targetInstanceType: "RecoveryPlan",
    customDetails: {
      instanceType: "FailoverJobDetails",
      affectedObjectDetails: {},
      protectedItemDetails: [
        {
          name: "item-a",
          friendlyName: "vm-a",
          testVmName: null,
          networkConnectionStatus: null,
          recoveryPointId: "rp-1",
          recoveryPointTime: "2024-03-11T08:55:00Z",
        },
      ],
    },
  });
}

function failedJob(): Body {
  const serviceErrorDetails = {
    code: "70094",
    message: "The virtual machine could not be started.",
    possibleCauses: "The recovery network has no free addresses.",
    recommendedAction: "Pick another subnet and retry the operation.",
    activityId: null,
  };
  const providerErrorDetails = {
    errorCode: 2147483647,
    errorMessage: null,
    errorId: "provider-error-7",
    possibleCauses: "Hypervisor refused the request.",
    recommendedAction: "Check the host.",
  };
  const taskError = {
    serviceErrorDetails,
    providerErrorDetails,
    errorLevel: "Error",
    creationTime: "2024-03-11T10:02:33.41Z",
    taskId: "failing-task",
  };
  const failing = plainTask({
    taskId: "failing-task",
    state: "Failed",
    stateDescription: "Failed",
    errors: [taskError],
  });
  return jobEnvelope("failed-job", {
    activityId: "f1e2d3c4-b5a6-4798-8a7b-6c5d4e3f2a1b",
    scenarioName: "UnplannedFailover",
    friendlyName: null,
    state: "Failed",
    stateDescription: "Failed",
    tasks: [failing],
    errors: [
      {
        serviceErrorDetails,
        errorLevel: "Error",
        creationTime: "2024-03-11T10:02:34Z",
        taskId: null,
      },
    ],
    startTime: "2024-03-11T10:00:00Z",
    endTime: "2024-03-11T10:02:34Z",
    allowedActions: ["Restart"],
    targetObjectId: "item-9",
    targetObjectName: "db-vm",
    targetInstanceType: "ProtectionEntity",
    customDetails: { instanceType: "AsrJobDetails" },
  });
}

function testFailoverJob(): Body {
  return jobEnvelope("tfo-job", {
    activityId: "a9b8c7d6-e5f4-4321-8765-43210fedcba9",
    scenarioName: "TestFailover",
    friendlyName: "Test failover",
    state: "Suspended",
    stateDescription: "WaitingForAction",
    tasks: [
      plainTask({
        taskId: "manual-1",
        name: "ManualActionTask",
        friendlyName: "Complete testing",
        endTime: UNSET,
        allowedActions: ["Resume"],
        state: "InProgress",
        stateDescription: "WaitingForAction",
        taskType: "ManualActionTaskDetails",
        customDetails: {
          instanceType: "ManualActionTaskDetails",
          name: "Complete testing",
          instructions: "Verify the test VM, then resume.",
        },
      }),
    ],
    errors: [],
    startTime: "2024-03-12T07:30:00.25Z",
    allowedActions: ["Cancel", "Resume"],
    targetObjectId: "item-3",
    targetObjectName: "web-vm",
    targetInstanceType: "ProtectionEntity",
    customDetails: {
      instanceType: "TestFailoverJobDetails",
      affectedObjectDetails: { PrimaryVmName: "web-vm" },
      testFailoverStatus: null,
      comments: null,
      networkName: "test-vnet",
      networkFriendlyName: "Test network",
      networkType: "VmNetworkAsInput",
      protectedItemDetails: [{ name: "item-3", friendlyName: "web-vm", testVmName: "web-vm-t" }],
    },
  });
}

function exportJob(): Body {
  return jobEnvelope("export-job", {
    activityId: "0a1b2c3d-4e5f-4607-8899-aabbccddeeff",
    scenarioName: "ExportJobs",
    state: "Succeeded",
    stateDescription: "Completed",
    tasks: [],
    errors: [],
    startTime: "2024-03-12T12:00:00.1Z",
    endTime: "2024-03-12T12:00:01Z",
    allowedActions: [],
    targetObjectId: "",
    targetObjectName: "",
    targetInstanceType: "Other",
    customDetails: {
      instanceType: "ExportJobDetails",
      affectedObjectDetails: {},
      blobUri: "https://127.0.0.1:8443/blobs/exports/jobs-2024-03-12.xlsx",
      sasToken: "sv=2021-08-01&sig=abc",
    },
  });
}

function listFormJob(): Body {
  return jobEnvelope("list-job", {
    activityId: null,
    scenarioName: "AddProtectionProfile",
    friendlyName: "Create replication policy",
    state: "Succeeded",
    stateDescription: "Completed",
    tasks: [],
    errors: [],
    startTime: "2024-03-10T05:00:00.641Z",
    endTime: "2024-03-10T05:00:07Z",
    allowedActions: [],
    targetObjectId: "policy-1",
    targetObjectName: "policy-24h",
    targetInstanceType: "ProtectionProfile",
    customDetails: null,
  });
}

/** Asserts the body was valid before `mutate`, and is rejected after it with `message`. */
function assertRejected(
  build: () => Body,
  mutate: (body: Body) => void,
  message: RegExp,
  validate: (body: unknown) => void = assertValidJob,
): void {
  const body = build();
  validate(body);
  mutate(body);
  assert.throws(
    () => validate(body),
    (error: unknown) => error instanceof AssertionError && message.test(error.message),
  );
}

function props(body: Body): Body {
  return body.properties as Body;
}

function firstTask(body: Body): Body {
  return (props(body).tasks as Body[])[0] as Body;
}

describe("job schema accepts", () => {
  test("a full job with a plain task", () => {
    assertValidJob(fullJob());
  });

  test("a recovery plan group task with virtual machine children", () => {
    assertValidJob(groupTaskJob());
  });

  test("a failed job with service and provider errors", () => {
    assertValidJob(failedJob());
  });

  test("a test failover job", () => {
    assertValidJob(testFailoverJob());
  });

  test("an export job", () => {
    assertValidJob(exportJob());
  });

  test("a job as the list renders it", () => {
    assertValidJob(listFormJob());
  });

  test("a collection with a next link", () => {
    assertValidJobCollection({
      value: [listFormJob(), exportJob()],
      nextLink:
        `https://127.0.0.1:8443${VAULT_ID}/replicationJobs` +
        "?api-version=2021-08-01&$skiptoken=abc",
    });
  });

  test("the last page of a collection", () => {
    assertValidJobCollection({ value: [], nextLink: null });
  });
});

describe("job schema rejects", () => {
  test("an unknown task details instanceType", () => {
    assertRejected(
      fullJob,
      (body) => {
        firstTask(body).customDetails = { instanceType: "MadeUpTaskDetails" };
      },
      /\/properties\/tasks\/0\/customDetails\/instanceType must be equal to one of the allowed/,
    );
  });

  test("an unknown job details instanceType", () => {
    assertRejected(
      fullJob,
      (body) => {
        props(body).customDetails = { instanceType: "ReplicationJobDetails" };
      },
      /\/properties\/customDetails\/instanceType must be equal to one of the allowed/,
    );
  });

  test("an extra property on a task", () => {
    assertRejected(
      fullJob,
      (body) => {
        firstTask(body).progress = 50;
      },
      /\/properties\/tasks\/0 must NOT have additional properties.*"progress"/,
    );
  });

  test("a field of another subtype on job details", () => {
    assertRejected(
      fullJob,
      (body) => {
        (props(body).customDetails as Body).blobUri = "https://example.test/blob";
      },
      /\/properties\/customDetails must NOT have additional properties.*"blobUri"/,
    );
  });

  test("a string provider error code", () => {
    assertRejected(
      failedJob,
      (body) => {
        const error = (firstTask(body).errors as Body[])[0] as Body;
        (error.providerErrorDetails as Body).errorCode = "70094";
      },
      /\/properties\/tasks\/0\/errors\/0\/providerErrorDetails\/errorCode must be integer/,
    );
  });

  test("a time with an offset instead of Z", () => {
    assertRejected(
      fullJob,
      (body) => {
        props(body).startTime = "2024-03-11T08:15:01+00:00";
      },
      /\/properties\/startTime must match pattern/,
    );
  });

  test("the unset time as a job time", () => {
    assertRejected(
      listFormJob,
      (body) => {
        props(body).endTime = UNSET;
      },
      /\/properties\/endTime must match pattern/,
    );
  });

  test("a task time with too many fractional digits", () => {
    assertRejected(
      fullJob,
      (body) => {
        firstTask(body).endTime = "2024-03-11T08:15:09.12345678Z";
      },
      /\/properties\/tasks\/0\/endTime must match pattern/,
    );
  });

  test("a job without targetInstanceType", () => {
    assertRejected(
      fullJob,
      (body) => {
        delete props(body).targetInstanceType;
      },
      /\/properties must have required property 'targetInstanceType'/,
    );
  });

  test("a group task without child tasks", () => {
    assertRejected(
      groupTaskJob,
      (body) => {
        const group = (props(body).tasks as Body[])[1] as Body;
        delete (group.groupTaskCustomDetails as Body).childTasks;
      },
      /groupTaskCustomDetails must have required property 'childTasks'/,
    );
  });

  test("an id outside replicationJobs", () => {
    assertRejected(
      fullJob,
      (body) => {
        body.id = `${VAULT_ID}/replicationProtectedItems/${String(body.name)}`;
      },
      /\/id must match pattern/,
    );
  });

  test("an id with segments between the resource group and the vault", () => {
    assertRejected(
      fullJob,
      (body) => {
        body.id = String(body.id).replace("/providers/", "/providers/Other.Rp/x/providers/");
      },
      /\/id must match pattern/,
    );
  });

  test("an unknown allowed action", () => {
    assertRejected(
      testFailoverJob,
      (body) => {
        props(body).allowedActions = ["Cancel", "Delete"];
      },
      /\/properties\/allowedActions\/1 must be equal to one of the allowed values/,
    );
  });

  test("a wrong resource type", () => {
    assertRejected(
      fullJob,
      (body) => {
        body.type = "Microsoft.RecoveryServices/vaults/replicationPolicies";
      },
      /\/type must be equal to constant/,
    );
  });

  test("a job in a collection that is not valid", () => {
    assertRejected(
      () => ({ value: [listFormJob()], nextLink: null }),
      (body) => {
        delete props((body.value as Body[])[0] as Body).state;
      },
      /\/value\/0\/properties must have required property 'state'/,
      assertValidJobCollection,
    );
  });
});
