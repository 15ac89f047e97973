namespace LeadOrchestrator.Audit;

/// <summary>The audit log's actions, as <c>subject.verb</c> (the console's filter and the CSV use these words).</summary>
public static class AuditActions
{
    public const string SignedIn = "staff.signed_in";
    public const string SignInFailed = "staff.sign_in_failed";

    public const string ConversationReplied = "conversation.replied";
    public const string ConversationNoted = "conversation.noted";
    public const string ConversationTakenOver = "conversation.taken_over";
    public const string ConversationReleased = "conversation.released";
    public const string ConversationDone = "conversation.done";
    public const string ConversationReopened = "conversation.reopened";
    public const string ConversationAssigned = "conversation.assigned";
    public const string HandoffRaised = "handoff.raised";
    public const string PriceGuardReplaced = "assistant.price_guard_replaced";

    public const string CadencePaused = "cadence.paused";
    public const string CadenceResumed = "cadence.resumed";
    public const string CadenceStopped = "cadence.stopped";
    public const string CadenceStepChanged = "cadence_step.changed";

    /// <summary>A lead's language changed: set by staff, taken from ShopMonkey, or detected from the customer's words.</summary>
    public const string LeadLanguageChanged = "lead.language_changed";

    public const string AppointmentBooked = "appointment.booked";
    public const string AppointmentMoved = "appointment.moved";
    public const string AppointmentCancelled = "appointment.cancelled";
    public const string AppointmentOutcome = "appointment.outcome";
    public const string AppointmentSyncRetried = "appointment.sync_retried";

    public const string OptedOut = "consent.opted_out";
    public const string OptedIn = "consent.opted_in";

    public const string SavedReplyCreated = "saved_reply.created";
    public const string SavedReplyChanged = "saved_reply.changed";
    public const string SavedReplyDeleted = "saved_reply.deleted";

    public const string UserRoleChanged = "user.role_changed";
    public const string UserDeactivated = "user.deactivated";
    public const string UserReactivated = "user.reactivated";
    public const string UserLocationAdded = "user.location_added";
    public const string UserLocationRemoved = "user.location_removed";
    public const string PasswordChanged = "user.password_changed";
    public const string NotificationsChanged = "user.notifications_changed";
    public const string UserCreated = "user.created";
    public const string UserLockedOut = "user.locked_out";
    public const string PasswordResetRequested = "user.password_reset_requested";
    public const string TwoFactorEnabled = "user.two_factor_enabled";
    public const string TwoFactorDisabled = "user.two_factor_disabled";
    public const string InvitationSent = "invitation.sent";
    public const string InvitationResent = "invitation.resent";
    public const string InvitationRevoked = "invitation.revoked";
    public const string InvitationAccepted = "invitation.accepted";

    public const string LocationEnabled = "location.enabled";
    public const string LocationChanged = "location.settings_changed";
    public const string LocationHoursChanged = "location.hours_changed";
    public const string LocationWentLive = "location.went_live";
    public const string TestLeadSent = "location.test_lead_sent";

    public const string CustomerExported = "customer.exported";
    public const string CustomerErased = "customer.erased";
    public const string RetentionChanged = "tenant.retention_changed";
    public const string RetentionApplied = "tenant.retention_applied";

    public const string WebhookSecretRotated = "integration.webhook_secret_rotated";
    public const string ShopMonkeyConnected = "integration.shopmonkey_connected";
    public const string WebhookRegistered = "integration.webhook_registered";
}
