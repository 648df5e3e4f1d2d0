import type { OperationHandler } from '../router/handler-result.js';
import { getAgents } from './agents.js';
import { getAvailability, getEventDetails, getEvents } from './calendar.js';
import { cancelEvent, createEvent, patchEvent, replaceEvent } from './calendar-write.js';
import { getCallDetails, getCalls, initiateCall } from './calls.js';
import { createWebhook } from './webhooks.js';
import { createContact, getContactDetails, getContacts, patchContact, replaceContact } from './contacts.js';
import { createContextVariable, deleteContextVariable, getContextVariables, setBusinessContext, setContactContext, updateContextVariable } from './context-variables.js';

/** Every operationId of the contract, mapped to its handler. Startup fails if one is missing. */
export const HANDLERS: Readonly<Record<string, OperationHandler>> = {
  getCallDetails,
  getCalls,
  initiateCall,
  getAgents,
  getContacts,
  createContact,
  getContactDetails,
  replaceContact,
  patchContact,
  getContextVariables,
  createContextVariable,
  updateContextVariable,
  patchContextVariable: updateContextVariable,
  deleteContextVariable,
  setContactContext,
  setBusinessContext,
  getEvents,
  getEventDetails,
  createEvent,
  replaceEvent,
  patchEvent,
  cancelEvent,
  getAvailability,
  createWebhook,
};
