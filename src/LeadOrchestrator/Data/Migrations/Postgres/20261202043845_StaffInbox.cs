using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadOrchestrator.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StaffInbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "assigned_to_user_id",
                table: "chat_sessions",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "awaiting_reply_since",
                table: "chat_sessions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "done_at",
                table: "chat_sessions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_message_at",
                table: "chat_sessions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "location_id",
                table: "chat_sessions",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "author_user_id",
                table: "chat_messages",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "delivery_id",
                table: "chat_messages",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "conversation_notes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    session_id = table.Column<Guid>(type: "uuid", nullable: false),
                    author_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_conversation_notes", x => x.id);
                    table.ForeignKey(
                        name: "fk_conversation_notes_chat_sessions_session_id",
                        column: x => x.session_id,
                        principalTable: "chat_sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_conversation_notes_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_conversation_notes_users_author_user_id",
                        column: x => x.author_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "saved_replies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    body = table.Column<string>(type: "character varying(1600)", maxLength: 1600, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_saved_replies", x => x.id);
                    table.ForeignKey(
                        name: "fk_saved_replies_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_chat_sessions_assigned_to_user_id",
                table: "chat_sessions",
                column: "assigned_to_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_chat_sessions_location_id",
                table: "chat_sessions",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "ix_chat_sessions_tenant_id_done_at_last_message_at",
                table: "chat_sessions",
                columns: new[] { "tenant_id", "done_at", "last_message_at" });

            migrationBuilder.CreateIndex(
                name: "ix_chat_messages_author_user_id",
                table: "chat_messages",
                column: "author_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_chat_messages_delivery_id",
                table: "chat_messages",
                column: "delivery_id",
                filter: "delivery_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_conversation_notes_author_user_id",
                table: "conversation_notes",
                column: "author_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_conversation_notes_session_id_created_at",
                table: "conversation_notes",
                columns: new[] { "session_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_conversation_notes_tenant_id",
                table: "conversation_notes",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_saved_replies_tenant_id_title",
                table: "saved_replies",
                columns: new[] { "tenant_id", "title" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_chat_messages_users_author_user_id",
                table: "chat_messages",
                column: "author_user_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "fk_chat_sessions_locations_location_id",
                table: "chat_sessions",
                column: "location_id",
                principalTable: "locations",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "fk_chat_sessions_users_assigned_to_user_id",
                table: "chat_sessions",
                column: "assigned_to_user_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_chat_messages_users_author_user_id",
                table: "chat_messages");

            migrationBuilder.DropForeignKey(
                name: "fk_chat_sessions_locations_location_id",
                table: "chat_sessions");

            migrationBuilder.DropForeignKey(
                name: "fk_chat_sessions_users_assigned_to_user_id",
                table: "chat_sessions");

            migrationBuilder.DropTable(
                name: "conversation_notes");

            migrationBuilder.DropTable(
                name: "saved_replies");

            migrationBuilder.DropIndex(
                name: "ix_chat_sessions_assigned_to_user_id",
                table: "chat_sessions");

            migrationBuilder.DropIndex(
                name: "ix_chat_sessions_location_id",
                table: "chat_sessions");

            migrationBuilder.DropIndex(
                name: "ix_chat_sessions_tenant_id_done_at_last_message_at",
                table: "chat_sessions");

            migrationBuilder.DropIndex(
                name: "ix_chat_messages_author_user_id",
                table: "chat_messages");

            migrationBuilder.DropIndex(
                name: "ix_chat_messages_delivery_id",
                table: "chat_messages");

            migrationBuilder.DropColumn(
                name: "assigned_to_user_id",
                table: "chat_sessions");

            migrationBuilder.DropColumn(
                name: "awaiting_reply_since",
                table: "chat_sessions");

            migrationBuilder.DropColumn(
                name: "done_at",
                table: "chat_sessions");

            migrationBuilder.DropColumn(
                name: "last_message_at",
                table: "chat_sessions");

            migrationBuilder.DropColumn(
                name: "location_id",
                table: "chat_sessions");

            migrationBuilder.DropColumn(
                name: "author_user_id",
                table: "chat_messages");

            migrationBuilder.DropColumn(
                name: "delivery_id",
                table: "chat_messages");
        }
    }
}
