// Generated from docs/openapi/chat.json by `npm run api` (openapi-typescript): do not edit.

export interface paths {
    "/api/chat/{leadId}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SendChatMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/chat/{leadId}/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["StreamChatMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/chat/{leadId}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["GetChatHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/chat/{leadId}/context": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["GetChatContext"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/chat/{leadId}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ChatEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/chat/{leadId}/slots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["GetFreeSlots"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/chat/{leadId}/appointments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ListLeadAppointments"];
        put?: never;
        post: operations["BookAppointment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/chat/{leadId}/appointments/{appointmentId}/reschedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["RescheduleAppointment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/chat/{leadId}/appointments/{appointmentId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["CancelAppointment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/chat/{leadId}/appointments/{appointmentId}/calendar.ics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AppointmentCalendar"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @enum {unknown} */
        AppointmentStatus: "booked" | "rescheduled" | "cancelled" | "completed" | "no_show";
        AppointmentView: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            serviceId: string;
            /** Format: date-time */
            start: string;
            /** Format: date-time */
            end: string;
            /** Format: date-time */
            local: string;
            label: string;
            status: components["schemas"]["AppointmentStatus"];
        };
        BookRequest: {
            /** Format: uuid */
            serviceId: null | string;
            /** Format: date-time */
            start: null | string;
        };
        ChatContextView: {
            /** Format: uuid */
            leadId: string;
            firstName: null | string;
            vehicle: null | string;
            estimate: null | string;
            location: components["schemas"]["LocationView"];
            services: components["schemas"]["ServiceSummary"][];
            assistant: string;
            /** Format: date */
            shopToday: string;
            /** Format: date */
            bookableUntil: string;
            language: string;
        };
        ChatEventDelta: {
            text: string;
        };
        ChatEventFailure: {
            code: string;
            message: string;
        };
        ChatEventTool: {
            name: string;
        };
        /** @enum {unknown} */
        ChatMessageStatus: "complete" | "interrupted";
        ChatReply: {
            response: null | string;
            provider: string;
            model: null | string;
            usage: components["schemas"]["ChatUsage"];
            /** Format: double */
            costUsd: number;
            /** Format: uuid */
            sessionId: string;
            /** Format: uuid */
            messageId: null | string;
            /** Format: int32 */
            latencyMs: number;
            /** Format: int32 */
            firstTokenMs: null | number;
            fallback: boolean;
            staffTakeover: boolean;
            needsStaff: boolean;
            replaced: boolean;
            tools: string[];
            /** Format: uuid */
            offeredServiceId?: null | string;
            /** Format: date */
            offeredDay?: null | string;
        };
        ChatRequest: {
            message: null | string;
            /** Format: uuid */
            clientMessageId?: null | string;
        };
        /** @enum {unknown} */
        ChatRole: "customer" | "assistant" | "staff" | "system";
        ChatStreamEvents: {
            delta: components["schemas"]["ChatEventDelta"];
            tool: components["schemas"]["ChatEventTool"];
            done: components["schemas"]["ChatReply"];
            error: components["schemas"]["ChatEventFailure"];
        };
        ChatUsage: {
            /** Format: int64 */
            inputTokens: number;
            /** Format: int64 */
            outputTokens: number;
        };
        /** @enum {unknown} */
        ConversationChannel: "web" | "sms";
        History: {
            /** Format: uuid */
            sessionId: null | string;
            staffTakeover: boolean;
            messages: components["schemas"]["HistoryMessage"][];
        };
        HistoryMessage: {
            /** Format: uuid */
            id: string;
            role: components["schemas"]["ChatRole"];
            channel: components["schemas"]["ConversationChannel"];
            content: string;
            /** Format: date-time */
            createdAt: string;
            status: components["schemas"]["ChatMessageStatus"];
            provider: null | string;
            model: null | string;
            /** Format: int32 */
            inputTokens: null | number;
            /** Format: int32 */
            outputTokens: null | number;
            /** Format: double */
            costUsd: null | number;
            /** Format: uuid */
            clientMessageId?: null | string;
            staffName?: null | string;
        };
        HttpValidationProblemDetails: {
            type?: null | string;
            title?: null | string;
            /** Format: int32 */
            status?: null | number;
            detail?: null | string;
            instance?: null | string;
            errors?: {
                [key: string]: string[];
            };
        };
        LocationView: {
            name: string;
            address: string;
            phone: string;
            phoneDisplay: string;
            timeZone: string;
            mapUrl: string;
            weeklyHours: string;
            today: string;
        };
        ProblemDetails: {
            type?: null | string;
            title?: null | string;
            /** Format: int32 */
            status?: null | number;
            detail?: null | string;
            instance?: null | string;
            /** @description What was refused, for programs: stable across versions (e.g. `opted_out`, `slot_taken`, `cross_origin`). */
            code?: string;
        };
        RescheduleRequest: {
            /** Format: date-time */
            start: null | string;
        };
        ServiceSummary: {
            /** Format: uuid */
            id: string;
            name: string;
            category: null | string;
            /** Format: int64 */
            priceCents: number;
            price: string;
            /** Format: int32 */
            durationMinutes: number;
            bookable: boolean;
        };
        ServiceView: {
            /** Format: uuid */
            id: string;
            name: string;
            /** Format: int32 */
            durationMinutes: number;
            price: string;
        };
        SlotsView: {
            service: components["schemas"]["ServiceView"];
            timeZone: string;
            slots: components["schemas"]["SlotView"][];
        };
        SlotView: {
            /** Format: date-time */
            start: string;
            /** Format: date-time */
            end: string;
            /** Format: date-time */
            local: string;
            label: string;
        };
        StaffMessageEvent: {
            /** Format: uuid */
            messageId: string;
            /** Format: date-time */
            at: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    SendChatMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                leadId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChatRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatReply"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["HttpValidationProblemDetails"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused: the request was malformed, not allowed or not possible now. Nothing was changed. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    StreamChatMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                leadId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChatRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["ChatStreamEvents"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["HttpValidationProblemDetails"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused: the request was malformed, not allowed or not possible now. Nothing was changed. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    GetChatHistory: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                leadId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["History"];
                };
            };
            /** @description Refused: the request was malformed, not allowed or not possible now. Nothing was changed. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    GetChatContext: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                leadId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatContextView"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused: the request was malformed, not allowed or not possible now. Nothing was changed. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    ChatEvents: {
        parameters: {
            query?: {
                lastEventId?: number;
            };
            header?: {
                "Last-Event-ID"?: string;
            };
            path: {
                leadId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["StaffMessageEvent"];
                };
            };
            /** @description Refused: the request was malformed, not allowed or not possible now. Nothing was changed. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    GetFreeSlots: {
        parameters: {
            query?: {
                serviceId?: string;
                from?: string;
                to?: string;
            };
            header?: never;
            path: {
                leadId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SlotsView"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused: the request was malformed, not allowed or not possible now. Nothing was changed. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    ListLeadAppointments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                leadId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppointmentView"][];
                };
            };
            /** @description Refused: the request was malformed, not allowed or not possible now. Nothing was changed. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    BookAppointment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                leadId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BookRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppointmentView"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused: the request was malformed, not allowed or not possible now. Nothing was changed. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    RescheduleAppointment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                leadId: string;
                appointmentId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RescheduleRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppointmentView"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused: the request was malformed, not allowed or not possible now. Nothing was changed. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    CancelAppointment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                leadId: string;
                appointmentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppointmentView"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused: the request was malformed, not allowed or not possible now. Nothing was changed. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    AppointmentCalendar: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                leadId: string;
                appointmentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused: the request was malformed, not allowed or not possible now. Nothing was changed. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
}
