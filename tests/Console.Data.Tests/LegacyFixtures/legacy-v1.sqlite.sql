PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE IF NOT EXISTS "AgvEvents" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AgvEvents" PRIMARY KEY AUTOINCREMENT,
    "Serial" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "Code" INTEGER NOT NULL,
    "Level" TEXT NOT NULL,
    "Text" TEXT NOT NULL
);
INSERT INTO AgvEvents VALUES(1,'KV-FL-01',639307548600000000,'event raised',257,'warning','obstacle in the safety field');
INSERT INTO AgvEvents VALUES(2,'KV-FL-01',639307549200000000,'event cleared',257,'info','obstacle in the safety field');
INSERT INTO AgvEvents VALUES(3,'ZX-LT-07',639307536000000000,'offline',0,'error','heartbeat lost');
CREATE TABLE IF NOT EXISTS "AgvParameters" (
    "Serial" TEXT NOT NULL,
    "ParamId" INTEGER NOT NULL,
    "Value" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "PK_AgvParameters" PRIMARY KEY ("Serial", "ParamId")
);
INSERT INTO AgvParameters VALUES('KV-FL-01',1,500,639316305823041209);
INSERT INTO AgvParameters VALUES('KV-FL-01',32,1200,639316305823043189);
INSERT INTO AgvParameters VALUES('ZX-LT-07',48,450,639316305823154632);
CREATE TABLE IF NOT EXISTS "Agvs" (
    "Serial" TEXT NOT NULL CONSTRAINT "PK_Agvs" PRIMARY KEY,
    "AgvId" INTEGER NOT NULL,
    "Vendor" TEXT NOT NULL,
    "Model" TEXT NOT NULL,
    "Firmware" TEXT NOT NULL,
    "AgvType" TEXT NOT NULL,
    "NavType" TEXT NOT NULL,
    "LengthMm" INTEGER NOT NULL,
    "WidthMm" INTEGER NOT NULL,
    "HeightMm" INTEGER NOT NULL,
    "MaxSpeed" INTEGER NOT NULL,
    "PublicKey" TEXT NULL,
    "Enrolled" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "LastSeenAt" INTEGER NULL,
    "LastMapId" INTEGER NOT NULL,
    "LastX" INTEGER NOT NULL,
    "LastY" INTEGER NOT NULL,
    "LastTheta" INTEGER NOT NULL
);
INSERT INTO Agvs VALUES('KV-FL-01',1,'Kivo','FL-2000','3.2.1','Forklift','LaserSlam',2000,1000,300,1500,'046B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C2964FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5',1,639316305820723674,NULL,1,1500,0,9000);
INSERT INTO Agvs VALUES('KV-FL-02',2,'Kivo','FL-2000','3.2.1','Forklift','LaserSlam',2000,1000,300,1500,NULL,1,639316305821080752,NULL,1,3000,0,0);
INSERT INTO Agvs VALUES('ZX-LT-07',3,'Zhixing','LT-800','1.0.9','Latent','LaserSlam',1200,800,300,1500,NULL,0,639316305821158642,639316305821161539,2,500,500,0);
CREATE TABLE IF NOT EXISTS "AlarmRules" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AlarmRules" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    "Threshold" INTEGER NULL,
    "Level" TEXT NOT NULL,
    "Enabled" INTEGER NOT NULL,
    "Scope" TEXT NOT NULL,
    "ScopeValue" TEXT NULL,
    "RaiseAfterS" INTEGER NOT NULL,
    "ClearAfterS" INTEGER NOT NULL,
    "NotifyGroups" TEXT NOT NULL
);
INSERT INTO AlarmRules VALUES(1,'Low battery','LowBattery',20,'Warning',1,'Vendor','Kivo',10,30,'1');
INSERT INTO AlarmRules VALUES(2,'Heartbeat lost','Offline',NULL,'Error',1,'All',NULL,5,0,'1,2');
INSERT INTO AlarmRules VALUES(3,'Hot forklift motor','OverTemperature',70,'Error',0,'AgvType','Forklift',0,60,'');
INSERT INTO AlarmRules VALUES(4,'History cannot be written','CommandFailed',NULL,'Error',1,'All',NULL,0,0,'2');
CREATE TABLE IF NOT EXISTS "Alarms" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Alarms" PRIMARY KEY AUTOINCREMENT,
    "Serial" TEXT NOT NULL,
    "RuleId" INTEGER NOT NULL,
    "RuleName" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    "Code" INTEGER NOT NULL,
    "Level" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "RaisedAt" INTEGER NOT NULL,
    "AcknowledgedBy" TEXT NULL,
    "AcknowledgedAt" INTEGER NULL,
    "AcknowledgeComment" TEXT NULL,
    "ClearedAt" INTEGER NULL,
    "ClearedBy" TEXT NULL,
    "Active" INTEGER NOT NULL,
    "Timeline" TEXT NOT NULL
);
INSERT INTO Alarms VALUES(1,'KV-FL-01',1,'Low battery','LowBattery',0,'Warning','battery 18 %',639307530000000000,'maintenance',639307531800000000,'charger 2 is busy, sending it to 1',NULL,NULL,1,'[{"at":"2026-11-20T06:30:00+00:00","what":"raised","who":null,"comment":"battery 18 %"},{"at":"2026-11-20T06:33:00+00:00","what":"acknowledged","who":"maintenance","comment":"charger 2 is busy, sending it to 1"}]');
INSERT INTO Alarms VALUES(2,'ZX-LT-07',2,'Heartbeat lost','Offline',0,'Error','no heartbeat for 5 s',639307536000000000,'li.na',639307536600000000,NULL,639307540200000000,'admin',0,'[{"at":"2026-11-20T06:40:00+00:00","what":"raised","who":null,"comment":"no heartbeat for 5 s"},{"at":"2026-11-20T06:41:00+00:00","what":"acknowledged","who":"li.na","comment":null},{"at":"2026-11-20T06:47:00+00:00","what":"cleared by hand","who":"admin","comment":"reconnected"}]');
INSERT INTO Alarms VALUES(3,'',4,'History cannot be written','CommandFailed',0,'Error','history cannot be written: disk full',639307542000000000,NULL,NULL,NULL,NULL,NULL,1,'[{"at":"2026-11-20T06:50:00+00:00","what":"raised","who":null,"comment":"history cannot be written: disk full"}]');
CREATE TABLE IF NOT EXISTS "AspNetRoles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetRoles" PRIMARY KEY,
    "Name" TEXT NULL,
    "NormalizedName" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL
);
INSERT INTO AspNetRoles VALUES('e98db371-6bce-4707-ad66-8b1ff806689f','Supervisor','SUPERVISOR','3c9b7ef5-c5c0-48b5-8fb5-26db3f1b7f4f');
INSERT INTO AspNetRoles VALUES('8d6a35b3-e400-4409-8451-4c0b6e1b64b9','Maintenance','MAINTENANCE','9c12687f-9a6b-40e1-bcde-a99f5d6f4ef9');
INSERT INTO AspNetRoles VALUES('3707632e-a212-416a-b8ee-d8ef4bb6ef3c','Administrator','ADMINISTRATOR','e4b49545-a7a3-4c73-91b6-d746572fc74a');
CREATE TABLE IF NOT EXISTS "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" INTEGER NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL
);
INSERT INTO AspNetUsers VALUES('d63cb5ac-bb37-44d4-b819-32d95ff3ced6','supervisor','SUPERVISOR','supervisor@hall-b.example','SUPERVISOR@HALL-B.EXAMPLE',1,'AQAAAAIAAYagAAAAENxnK6I2SxqiSnr7u/gQ5+ztJArff52ys78gI7B2MtSjL69LsxELfwSBhppvPm1e7w==','MDC7XTGZWNVVCKUO2C5NFYOS3KDURQI7','0afa6d38-96aa-486f-8b35-f5857c5d96bf',NULL,0,0,NULL,1,0);
INSERT INTO AspNetUsers VALUES('6d031fe5-45dc-4f58-bd06-cb9e2e32f521','maintenance','MAINTENANCE','maintenance@hall-b.example','MAINTENANCE@HALL-B.EXAMPLE',1,'AQAAAAIAAYagAAAAELzjEJdUqDytR8doiK55Ma6jP1EV2ym/Dkf6FO4u2nq0nMP6dDIh+BQe7S7NPtk/pQ==','YG4AZA6WVS6Y7AG53VDRP57TX7LJBACI','f0b09d7c-aa8b-4060-88a7-a51460ddcbcc',NULL,0,0,NULL,1,0);
INSERT INTO AspNetUsers VALUES('a9540815-d7ce-4005-a609-b8176402d6e6','admin','ADMIN','admin@hall-b.example','ADMIN@HALL-B.EXAMPLE',1,'AQAAAAIAAYagAAAAEJzBOEpU5gnCY4LpSvnl/MPhnMhYfzOc8jovWxL/md2kiHztbkRjibSSNMJh65HbvA==','FR5LMUJMSUJGAZNC5CWIBMJNGUFXCCVC','700ea520-84ae-429a-9032-442ad1396680',NULL,0,0,NULL,1,0);
INSERT INTO AspNetUsers VALUES('6d3adb18-4faf-4cac-a6fd-02101c85d15e','li.na','LI.NA','li.na@hall-b.example','LI.NA@HALL-B.EXAMPLE',1,'AQAAAAIAAYagAAAAEOoZepdbm2Xe8FPvAQlI68zx7MaS9z5u2rHQVmDoqqA7mj+oAOGqEyb9i3fGp2dk7w==','6VDJG3IFT4V4L5KMYTXJFP2BZZWA273D','1b692f69-be2e-4cd9-8894-b60105f349de',NULL,0,0,NULL,1,1);
CREATE TABLE IF NOT EXISTS "AuditLog" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditLog" PRIMARY KEY AUTOINCREMENT,
    "At" INTEGER NOT NULL,
    "Actor" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "Target" TEXT NOT NULL,
    "Detail" TEXT NOT NULL,
    "Outcome" TEXT NOT NULL
);
INSERT INTO AuditLog VALUES(1,639316305825396423,'admin','enrol','KV-FL-01','SM2 key 04…F5','ok');
INSERT INTO AuditLog VALUES(2,639316305825576723,'supervisor','motion command','KV-FL-02','pause','ok');
INSERT INTO AuditLog VALUES(3,639316305825586768,'maintenance','acknowledge alarm','alarm 1','charger 2 is busy, sending it to 1','ok');
INSERT INTO AuditLog VALUES(4,639316305825593935,'api:wms','parameter set','KV-FL-01','MaxLinearSpeed=1200','refused by AGV (code 3)');
INSERT INTO AuditLog VALUES(5,639316305825600194,'','security refusal','10.0.3.17:51544','normal mode refused','refused');
CREATE TABLE IF NOT EXISTS "Maps" (
    "MapId" INTEGER NOT NULL CONSTRAINT "PK_Maps" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "Building" TEXT NOT NULL,
    "Floor" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);
INSERT INTO Maps VALUES(1,'Floor 1','Hall B',1,639316305821753771);
INSERT INTO Maps VALUES(2,'Floor 2','Hall B',2,639316305822593544);
CREATE TABLE IF NOT EXISTS "NotificationGroups" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_NotificationGroups" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Contacts" TEXT NOT NULL,
    "WebhookUrl" TEXT NULL
);
INSERT INTO NotificationGroups VALUES(1,'Maintenance shift A','a.shift@hall-b.example; +86 138 0000 0001','http://hooks.hall-b.example/shift-a');
INSERT INTO NotificationGroups VALUES(2,'Site managers','managers@hall-b.example',NULL);
CREATE TABLE IF NOT EXISTS "Orders" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Orders" PRIMARY KEY AUTOINCREMENT,
    "ExternalId" TEXT NOT NULL,
    "Type" TEXT NOT NULL,
    "FromNodeId" INTEGER NULL,
    "ToNodeId" INTEGER NOT NULL,
    "Priority" INTEGER NOT NULL,
    "RequestedAgv" TEXT NULL,
    "Status" TEXT NOT NULL,
    "AgvSerial" TEXT NULL,
    "TaskId" INTEGER NULL,
    "Leg" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "Error" TEXT NULL
);
INSERT INTO Orders VALUES(1,'WMS-20261120-0001','Deliver',1002,1005,5,NULL,'Finished','KV-FL-01',18,1,639307518000000000,639307521600000000,NULL);
INSERT INTO Orders VALUES(2,'WMS-20261120-0002','Deliver',1001,2002,8,NULL,'Running','KV-FL-02',NULL,1,639307524000000000,639307527000000000,NULL);
INSERT INTO Orders VALUES(3,'MES-778','Move',NULL,1004,1,'ZX-LT-07','Queued',NULL,NULL,0,639307527600000000,639307527600000000,NULL);
INSERT INTO Orders VALUES(4,'WMS-20261120-0003','Pickup',NULL,1003,0,NULL,'Cancelled',NULL,NULL,0,639307528200000000,639307528800000000,'cancelled by supervisor');
CREATE TABLE IF NOT EXISTS "RunDataSamples" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RunDataSamples" PRIMARY KEY AUTOINCREMENT,
    "Serial" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    "OdometerMm" INTEGER NOT NULL,
    "RuntimeS" INTEGER NOT NULL,
    "ChargeCycles" INTEGER NOT NULL,
    "MotorTempC" INTEGER NOT NULL,
    "BatteryTempC" INTEGER NOT NULL,
    "ControllerTempC" INTEGER NOT NULL,
    "MotorCurrentMa" INTEGER NOT NULL,
    "CollisionCount" INTEGER NOT NULL,
    "EmergencyStopCount" INTEGER NOT NULL,
    "NavErrorCount" INTEGER NOT NULL
);
INSERT INTO RunDataSamples VALUES(1,'KV-FL-01',639307548000000000,1234567,86400,312,41,33,45,12500,2,5,1);
INSERT INTO RunDataSamples VALUES(2,'KV-FL-01',639307554000000000,1240001,87000,312,43,34,46,13100,2,5,1);
CREATE TABLE IF NOT EXISTS "SchemaInfo" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SchemaInfo" PRIMARY KEY,
    "Version" INTEGER NOT NULL,
    "AppliedAt" INTEGER NOT NULL
);
INSERT INTO SchemaInfo VALUES(1,1,639316305809726975);
CREATE TABLE IF NOT EXISTS "Settings" (
    "Key" TEXT NOT NULL CONSTRAINT "PK_Settings" PRIMARY KEY,
    "Value" TEXT NOT NULL
);
INSERT INTO Settings VALUES('api.generatedKey','demo-0123456789abcdef0123456789abcdef');
INSERT INTO Settings VALUES('agv.allowNormalMode','False');
CREATE TABLE IF NOT EXISTS "StateSamples" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_StateSamples" PRIMARY KEY AUTOINCREMENT,
    "Serial" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    "MapId" INTEGER NOT NULL,
    "X" INTEGER NOT NULL,
    "Y" INTEGER NOT NULL,
    "Theta" INTEGER NOT NULL,
    "State" TEXT NOT NULL,
    "BatteryPct" INTEGER NOT NULL,
    "TaskId" INTEGER NOT NULL
);
INSERT INTO StateSamples VALUES(1,'KV-FL-01',639307548000000000,1,0,0,0,'moving',80,17);
INSERT INTO StateSamples VALUES(2,'KV-FL-01',639307548010000000,1,125,0,0,'moving',79,17);
INSERT INTO StateSamples VALUES(3,'KV-FL-01',639307548020000000,1,250,0,0,'moving',78,17);
INSERT INTO StateSamples VALUES(4,'KV-FL-01',639307548030000000,1,375,0,0,'moving',77,17);
INSERT INTO StateSamples VALUES(5,'KV-FL-01',639307548040000000,1,500,0,0,'moving',76,17);
INSERT INTO StateSamples VALUES(6,'KV-FL-01',639307548050000000,1,625,0,0,'moving',75,17);
INSERT INTO StateSamples VALUES(7,'KV-FL-01',639307548060000000,1,750,0,0,'moving',74,17);
INSERT INTO StateSamples VALUES(8,'KV-FL-01',639307548070000000,1,875,0,0,'moving',73,17);
INSERT INTO StateSamples VALUES(9,'KV-FL-01',639307548080000000,1,1000,0,0,'moving',72,17);
INSERT INTO StateSamples VALUES(10,'KV-FL-01',639307548090000000,1,1125,0,0,'moving',71,17);
INSERT INTO StateSamples VALUES(11,'KV-FL-01',639307548100000000,1,1250,0,0,'idle',70,0);
INSERT INTO StateSamples VALUES(12,'KV-FL-01',639307548110000000,1,1375,0,0,'idle',69,0);
INSERT INTO StateSamples VALUES(13,'ZX-LT-07',639307548000000000,2,500,500,18000,'charging',34,0);
CREATE TABLE IF NOT EXISTS "TypeParameterDefaults" (
    "AgvType" TEXT NOT NULL,
    "ParamId" INTEGER NOT NULL,
    "Value" INTEGER NOT NULL,
    CONSTRAINT "PK_TypeParameterDefaults" PRIMARY KEY ("AgvType", "ParamId")
);
INSERT INTO TypeParameterDefaults VALUES('Forklift',16,20);
INSERT INTO TypeParameterDefaults VALUES('Forklift',18,70);
INSERT INTO TypeParameterDefaults VALUES('Latent',34,300);
CREATE TABLE IF NOT EXISTS "WebhookDeliveries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_WebhookDeliveries" PRIMARY KEY AUTOINCREMENT,
    "At" INTEGER NOT NULL,
    "GroupId" INTEGER NOT NULL,
    "GroupName" TEXT NOT NULL,
    "AlarmId" INTEGER NOT NULL,
    "Change" TEXT NOT NULL,
    "Url" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "Delivered" INTEGER NOT NULL,
    "Error" TEXT NULL
);
INSERT INTO WebhookDeliveries VALUES(1,639307530000000000,1,'Maintenance shift A',1,'raised','http://hooks.hall-b.example/shift-a',1,1,NULL);
INSERT INTO WebhookDeliveries VALUES(2,639307540200000000,1,'Maintenance shift A',2,'cleared','http://hooks.hall-b.example/shift-a',6,0,'HTTP 503 Service Unavailable');
CREATE TABLE IF NOT EXISTS "AspNetRoleClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetRoleClaims" PRIMARY KEY AUTOINCREMENT,
    "RoleId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetRoleClaims_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE
);
INSERT INTO AspNetRoleClaims VALUES(1,'3707632e-a212-416a-b8ee-d8ef4bb6ef3c','console.area','all');
CREATE TABLE IF NOT EXISTS "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);
INSERT INTO AspNetUserClaims VALUES(1,'6d3adb18-4faf-4cac-a6fd-02101c85d15e','console.shift','B');
CREATE TABLE IF NOT EXISTS "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);
INSERT INTO AspNetUserLogins VALUES('site-sso','sub-4711','Site SSO','6d3adb18-4faf-4cac-a6fd-02101c85d15e');
CREATE TABLE IF NOT EXISTS "AspNetUserRoles" (
    "UserId" TEXT NOT NULL,
    "RoleId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserRoles" PRIMARY KEY ("UserId", "RoleId"),
    CONSTRAINT "FK_AspNetUserRoles_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AspNetUserRoles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);
INSERT INTO AspNetUserRoles VALUES('d63cb5ac-bb37-44d4-b819-32d95ff3ced6','e98db371-6bce-4707-ad66-8b1ff806689f');
INSERT INTO AspNetUserRoles VALUES('6d031fe5-45dc-4f58-bd06-cb9e2e32f521','8d6a35b3-e400-4409-8451-4c0b6e1b64b9');
INSERT INTO AspNetUserRoles VALUES('a9540815-d7ce-4005-a609-b8176402d6e6','3707632e-a212-416a-b8ee-d8ef4bb6ef3c');
INSERT INTO AspNetUserRoles VALUES('6d3adb18-4faf-4cac-a6fd-02101c85d15e','8d6a35b3-e400-4409-8451-4c0b6e1b64b9');
INSERT INTO AspNetUserRoles VALUES('6d3adb18-4faf-4cac-a6fd-02101c85d15e','e98db371-6bce-4707-ad66-8b1ff806689f');
CREATE TABLE IF NOT EXISTS "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);
INSERT INTO AspNetUserTokens VALUES('6d3adb18-4faf-4cac-a6fd-02101c85d15e','site-sso','refresh_token','rt-0f1e2d3c');
CREATE TABLE IF NOT EXISTS "MapEdges" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MapEdges" PRIMARY KEY AUTOINCREMENT,
    "MapId" INTEGER NOT NULL,
    "From" INTEGER NOT NULL,
    "To" INTEGER NOT NULL,
    "Bidirectional" INTEGER NOT NULL,
    "MaxSpeed" INTEGER NOT NULL,
    CONSTRAINT "FK_MapEdges_Maps_MapId" FOREIGN KEY ("MapId") REFERENCES "Maps" ("MapId") ON DELETE CASCADE
);
INSERT INTO MapEdges VALUES(1,1,1001,1002,1,1500);
INSERT INTO MapEdges VALUES(2,1,1002,1003,0,800);
INSERT INTO MapEdges VALUES(3,1,1003,1004,1,1000);
INSERT INTO MapEdges VALUES(4,1,1004,1005,1,1200);
INSERT INTO MapEdges VALUES(5,1,1005,1001,0,600);
INSERT INTO MapEdges VALUES(6,2,2001,2002,1,1000);
CREATE TABLE IF NOT EXISTS "MapNodes" (
    "MapId" INTEGER NOT NULL,
    "NodeId" INTEGER NOT NULL,
    "X" INTEGER NOT NULL,
    "Y" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "LinkedNodeId" INTEGER NULL,
    CONSTRAINT "PK_MapNodes" PRIMARY KEY ("MapId", "NodeId"),
    CONSTRAINT "FK_MapNodes_Maps_MapId" FOREIGN KEY ("MapId") REFERENCES "Maps" ("MapId") ON DELETE CASCADE
);
INSERT INTO MapNodes VALUES(1,1001,0,0,'normal',NULL);
INSERT INTO MapNodes VALUES(1,1002,1500,0,'charging',NULL);
INSERT INTO MapNodes VALUES(1,1003,3000,0,'lift',2001);
INSERT INTO MapNodes VALUES(1,1004,3000,2000,'normal',NULL);
INSERT INTO MapNodes VALUES(1,1005,0,2000,'parking',NULL);
INSERT INTO MapNodes VALUES(2,2001,3000,0,'lift',1003);
INSERT INTO MapNodes VALUES(2,2002,3000,2500,'navigationSwitch',NULL);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('AspNetRoleClaims',1);
INSERT INTO sqlite_sequence VALUES('AspNetUserClaims',1);
INSERT INTO sqlite_sequence VALUES('MapEdges',6);
INSERT INTO sqlite_sequence VALUES('NotificationGroups',2);
INSERT INTO sqlite_sequence VALUES('AlarmRules',4);
INSERT INTO sqlite_sequence VALUES('Alarms',3);
INSERT INTO sqlite_sequence VALUES('WebhookDeliveries',2);
INSERT INTO sqlite_sequence VALUES('Orders',4);
INSERT INTO sqlite_sequence VALUES('AuditLog',5);
INSERT INTO sqlite_sequence VALUES('AgvEvents',3);
INSERT INTO sqlite_sequence VALUES('RunDataSamples',2);
INSERT INTO sqlite_sequence VALUES('StateSamples',13);
CREATE INDEX "IX_AgvEvents_Serial_At" ON "AgvEvents" ("Serial", "At");
CREATE UNIQUE INDEX "IX_Agvs_AgvId" ON "Agvs" ("AgvId");
CREATE INDEX "IX_Alarms_Active" ON "Alarms" ("Active");
CREATE INDEX "IX_Alarms_RaisedAt" ON "Alarms" ("RaisedAt");
CREATE INDEX "IX_Alarms_Serial_RaisedAt" ON "Alarms" ("Serial", "RaisedAt");
CREATE INDEX "IX_AspNetRoleClaims_RoleId" ON "AspNetRoleClaims" ("RoleId");
CREATE UNIQUE INDEX "RoleNameIndex" ON "AspNetRoles" ("NormalizedName");
CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");
CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");
CREATE INDEX "IX_AspNetUserRoles_RoleId" ON "AspNetUserRoles" ("RoleId");
CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");
CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");
CREATE INDEX "IX_AuditLog_At" ON "AuditLog" ("At");
CREATE UNIQUE INDEX "IX_MapEdges_MapId_From_To" ON "MapEdges" ("MapId", "From", "To");
CREATE INDEX "IX_Orders_CreatedAt" ON "Orders" ("CreatedAt");
CREATE INDEX "IX_Orders_Status" ON "Orders" ("Status");
CREATE INDEX "IX_RunDataSamples_Serial_At" ON "RunDataSamples" ("Serial", "At");
CREATE INDEX "IX_StateSamples_Serial_At" ON "StateSamples" ("Serial", "At");
CREATE INDEX "IX_WebhookDeliveries_At" ON "WebhookDeliveries" ("At");
COMMIT;
