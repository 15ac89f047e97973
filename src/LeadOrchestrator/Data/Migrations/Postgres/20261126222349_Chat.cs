using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadOrchestrator.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Chat : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "assistant_arm",
                table: "chat_sessions",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "needs_staff",
                table: "chat_sessions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "needs_staff_at",
                table: "chat_sessions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "needs_staff_reason",
                table: "chat_sessions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "cost_usd",
                table: "chat_messages",
                type: "numeric(12,6)",
                precision: 12,
                scale: 6,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "first_token_ms",
                table: "chat_messages",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "input_tokens",
                table: "chat_messages",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "latency_ms",
                table: "chat_messages",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "model",
                table: "chat_messages",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "output_tokens",
                table: "chat_messages",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "provider",
                table: "chat_messages",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "reply_state",
                table: "chat_messages",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "chat_messages",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "complete");

            migrationBuilder.CreateTable(
                name: "tenant_ai_configs",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    provider = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    fallback_provider = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    split = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenant_ai_configs", x => x.tenant_id);
                    table.ForeignKey(
                        name: "fk_tenant_ai_configs_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_chat_messages_reply_state",
                table: "chat_messages",
                column: "reply_state",
                filter: "reply_state = 'pending'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tenant_ai_configs");

            migrationBuilder.DropIndex(
                name: "ix_chat_messages_reply_state",
                table: "chat_messages");

            migrationBuilder.DropColumn(
                name: "assistant_arm",
                table: "chat_sessions");

            migrationBuilder.DropColumn(
                name: "needs_staff",
                table: "chat_sessions");

            migrationBuilder.DropColumn(
                name: "needs_staff_at",
                table: "chat_sessions");

            migrationBuilder.DropColumn(
                name: "needs_staff_reason",
                table: "chat_sessions");

            migrationBuilder.DropColumn(
                name: "cost_usd",
                table: "chat_messages");

            migrationBuilder.DropColumn(
                name: "first_token_ms",
                table: "chat_messages");

            migrationBuilder.DropColumn(
                name: "input_tokens",
                table: "chat_messages");

            migrationBuilder.DropColumn(
                name: "latency_ms",
                table: "chat_messages");

            migrationBuilder.DropColumn(
                name: "model",
                table: "chat_messages");

            migrationBuilder.DropColumn(
                name: "output_tokens",
                table: "chat_messages");

            migrationBuilder.DropColumn(
                name: "provider",
                table: "chat_messages");

            migrationBuilder.DropColumn(
                name: "reply_state",
                table: "chat_messages");

            migrationBuilder.DropColumn(
                name: "status",
                table: "chat_messages");
        }
    }
}
