using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadOrchestrator.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StaffLocations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "user_locations",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    location_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_locations", x => new { x.user_id, x.location_id });
                    table.ForeignKey(
                        name: "fk_user_locations_locations_location_id",
                        column: x => x.location_id,
                        principalTable: "locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_user_locations_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_user_locations_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_user_locations_location_id",
                table: "user_locations",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_locations_tenant_id",
                table: "user_locations",
                column: "tenant_id");

            // The role "staff" is now "front_desk"; its sessions end (a changed stamp), as a role change's do.
            migrationBuilder.Sql("UPDATE users SET role = 'front_desk', security_stamp = security_stamp || 'r' WHERE role = 'staff';");
            // Before locations were assigned, every colleague saw every location of their tenant: they keep doing so.
            migrationBuilder.Sql("""
                INSERT INTO user_locations (user_id, location_id, tenant_id)
                SELECT u.id, l.id, u.tenant_id FROM users u JOIN locations l ON l.tenant_id = u.tenant_id WHERE u.role <> 'owner';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "user_locations");
        }
    }
}
