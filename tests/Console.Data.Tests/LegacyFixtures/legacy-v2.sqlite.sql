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
INSERT INTO AgvParameters VALUES('KV-FL-01',1,500,639316305792421118);
INSERT INTO AgvParameters VALUES('KV-FL-01',32,1200,639316305792423032);
INSERT INTO AgvParameters VALUES('ZX-LT-07',48,450,639316305792503326);
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
INSERT INTO Agvs VALUES('KV-FL-01',1,'Kivo','FL-2000','3.2.1','Forklift','LaserSlam',2000,1000,300,1500,'046B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C2964FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5',1,639316305789721431,NULL,1,1500,0,9000);
INSERT INTO Agvs VALUES('KV-FL-02',2,'Kivo','FL-2000','3.2.1','Forklift','LaserSlam',2000,1000,300,1500,NULL,1,639316305790154003,NULL,1,3000,0,0);
INSERT INTO Agvs VALUES('ZX-LT-07',3,'Zhixing','LT-800','1.0.9','Latent','LaserSlam',1200,800,300,1500,NULL,0,639316305790241639,639316305790286785,2,500,500,0);
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
INSERT INTO AlarmRules VALUES(4,'History cannot be written','HistoryWrite',NULL,'Error',1,'All',NULL,0,0,'2');
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
INSERT INTO Alarms VALUES(3,'',4,'History cannot be written','HistoryWrite',0,'Error','history cannot be written: disk full',639307542000000000,NULL,NULL,NULL,NULL,NULL,1,'[{"at":"2026-11-20T06:50:00+00:00","what":"raised","who":null,"comment":"history cannot be written: disk full"}]');
CREATE TABLE IF NOT EXISTS "AspNetRoles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetRoles" PRIMARY KEY,
    "Name" TEXT NULL,
    "NormalizedName" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL
);
INSERT INTO AspNetRoles VALUES('0f2f84f7-a2ad-45ea-8ac2-fb952c492915','Supervisor','SUPERVISOR','4cb5f0f0-b67e-482d-96d1-25e31368cf6b');
INSERT INTO AspNetRoles VALUES('1cb149f8-7d47-4b58-82cd-498dba127ab6','Maintenance','MAINTENANCE','5bd74db6-b716-4d8b-a1f9-0edfe5041117');
INSERT INTO AspNetRoles VALUES('c892dd06-e705-475d-a5af-d54d85c1d7e7','Administrator','ADMINISTRATOR','722e2b9a-98ba-4300-8f14-073bfc2cb87a');
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
INSERT INTO AspNetUsers VALUES('950f66d9-2544-4bc0-b1ba-ca1209606ef6','supervisor','SUPERVISOR','supervisor@hall-b.example','SUPERVISOR@HALL-B.EXAMPLE',1,'AQAAAAIAAYagAAAAEAuXUQoSZ4ovlfKVhh1QwHXxknuCSIS/nQ1RWRD1g8mttPBlxz7dJ1zl2hSIiex8aA==','PSOWKFL442CUNO2IK3PHQGJBTDTXRNE5','d3f6b628-f228-4f4c-85a1-eae839303aef',NULL,0,0,NULL,1,0);
INSERT INTO AspNetUsers VALUES('a9f25955-4a45-4b08-896f-c3e69a63822c','maintenance','MAINTENANCE','maintenance@hall-b.example','MAINTENANCE@HALL-B.EXAMPLE',1,'AQAAAAIAAYagAAAAECYTJ8s6RM5qCjVWw4KFc5+xukTvQ0Zt65SQEr2oZr4bkVUIugLZaz32u1HL6hKDtg==','6TVWCYLW6SGEUS6M362BG3GHEY2252AO','c253630c-9289-402f-bca8-35590d9bdd6e',NULL,0,0,NULL,1,0);
INSERT INTO AspNetUsers VALUES('4cc8958d-48c0-4df6-b2e9-0bc72baf1735','admin','ADMIN','admin@hall-b.example','ADMIN@HALL-B.EXAMPLE',1,'AQAAAAIAAYagAAAAEE6xDmr+MxEHp8pf0aLooY70MblVyyxffCP3BRuw0Lr2xloOEaxe+9/Pc38QNYNyBg==','OQAF5OXIGBN7NXWHPHFTRQXHM5K3PBB3','a066d0d6-1efe-4b2d-b502-f8925c788b51',NULL,0,0,NULL,1,0);
INSERT INTO AspNetUsers VALUES('d5c93e6a-74e2-4b5d-ba64-b67c0c3c8336','li.na','LI.NA','li.na@hall-b.example','LI.NA@HALL-B.EXAMPLE',1,'AQAAAAIAAYagAAAAENsuTARQgWv2mkkjoeerR9/pZc8dKxd3SSL5Iu9bJ+5KDq4dfV1FmzxGbFREArSm1Q==','CPLVNM2K2TZHJ5I7DFYHGDF2XYMOHCJC','9546ec40-89fb-49fb-b971-ef6fd4af0906',NULL,0,0,NULL,1,1);
CREATE TABLE IF NOT EXISTS "AuditLog" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditLog" PRIMARY KEY AUTOINCREMENT,
    "At" INTEGER NOT NULL,
    "Actor" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "Target" TEXT NOT NULL,
    "Detail" TEXT NOT NULL,
    "Outcome" TEXT NOT NULL
);
INSERT INTO AuditLog VALUES(1,639316305794708673,'admin','enrol','KV-FL-01','SM2 key 04…F5','ok');
INSERT INTO AuditLog VALUES(2,639316305794901552,'supervisor','motion command','KV-FL-02','pause','ok');
INSERT INTO AuditLog VALUES(3,639316305794913514,'maintenance','acknowledge alarm','alarm 1','charger 2 is busy, sending it to 1','ok');
INSERT INTO AuditLog VALUES(4,639316305794921140,'api:wms','parameter set','KV-FL-01','MaxLinearSpeed=1200','refused by AGV (code 3)');
INSERT INTO AuditLog VALUES(5,639316305794928953,'','security refusal','10.0.3.17:51544','normal mode refused','refused');
CREATE TABLE IF NOT EXISTS "Maps" (
    "MapId" INTEGER NOT NULL CONSTRAINT "PK_Maps" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "Building" TEXT NOT NULL,
    "Floor" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);
INSERT INTO Maps VALUES(1,'Floor 1','Hall B',1,639316305790984394);
INSERT INTO Maps VALUES(2,'Floor 2','Hall B',2,639316305792143739);
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
INSERT INTO SchemaInfo VALUES(1,2,639316305776562474);
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
INSERT INTO AspNetRoleClaims VALUES(1,'c892dd06-e705-475d-a5af-d54d85c1d7e7','console.area','all');
CREATE TABLE IF NOT EXISTS "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);
INSERT INTO AspNetUserClaims VALUES(1,'d5c93e6a-74e2-4b5d-ba64-b67c0c3c8336','console.shift','B');
CREATE TABLE IF NOT EXISTS "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);
INSERT INTO AspNetUserLogins VALUES('site-sso','sub-4711','Site SSO','d5c93e6a-74e2-4b5d-ba64-b67c0c3c8336');
CREATE TABLE IF NOT EXISTS "AspNetUserRoles" (
    "UserId" TEXT NOT NULL,
    "RoleId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserRoles" PRIMARY KEY ("UserId", "RoleId"),
    CONSTRAINT "FK_AspNetUserRoles_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AspNetUserRoles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);
INSERT INTO AspNetUserRoles VALUES('950f66d9-2544-4bc0-b1ba-ca1209606ef6','0f2f84f7-a2ad-45ea-8ac2-fb952c492915');
INSERT INTO AspNetUserRoles VALUES('a9f25955-4a45-4b08-896f-c3e69a63822c','1cb149f8-7d47-4b58-82cd-498dba127ab6');
INSERT INTO AspNetUserRoles VALUES('4cc8958d-48c0-4df6-b2e9-0bc72baf1735','c892dd06-e705-475d-a5af-d54d85c1d7e7');
INSERT INTO AspNetUserRoles VALUES('d5c93e6a-74e2-4b5d-ba64-b67c0c3c8336','0f2f84f7-a2ad-45ea-8ac2-fb952c492915');
INSERT INTO AspNetUserRoles VALUES('d5c93e6a-74e2-4b5d-ba64-b67c0c3c8336','1cb149f8-7d47-4b58-82cd-498dba127ab6');
CREATE TABLE IF NOT EXISTS "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);
INSERT INTO AspNetUserTokens VALUES('d5c93e6a-74e2-4b5d-ba64-b67c0c3c8336','site-sso','refresh_token','rt-0f1e2d3c');
CREATE TABLE IF NOT EXISTS "MapEdges" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MapEdges" PRIMARY KEY AUTOINCREMENT,
    "MapId" INTEGER NOT NULL,
    "From" INTEGER NOT NULL,
    "To" INTEGER NOT NULL,
    "Bidirectional" INTEGER NOT NULL,
    "MaxSpeed" INTEGER NOT NULL,
    "MaxWidthMm" INTEGER NULL,
    "Closed" INTEGER NOT NULL,
    CONSTRAINT "FK_MapEdges_Maps_MapId" FOREIGN KEY ("MapId") REFERENCES "Maps" ("MapId") ON DELETE CASCADE
);
INSERT INTO MapEdges VALUES(1,1,1001,1002,1,1500,NULL,0);
INSERT INTO MapEdges VALUES(2,1,1002,1003,0,800,1100,0);
INSERT INTO MapEdges VALUES(3,1,1003,1004,1,1000,NULL,1);
INSERT INTO MapEdges VALUES(4,1,1004,1005,1,1200,950,0);
INSERT INTO MapEdges VALUES(5,1,1005,1001,0,600,NULL,0);
INSERT INTO MapEdges VALUES(6,2,2001,2002,1,1000,NULL,0);
CREATE TABLE IF NOT EXISTS "MapNodes" (
    "MapId" INTEGER NOT NULL,
    "NodeId" INTEGER NOT NULL,
    "X" INTEGER NOT NULL,
    "Y" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "LinkedNodeId" INTEGER NULL,
    "MaxWidthMm" INTEGER NULL,
    CONSTRAINT "PK_MapNodes" PRIMARY KEY ("MapId", "NodeId"),
    CONSTRAINT "FK_MapNodes_Maps_MapId" FOREIGN KEY ("MapId") REFERENCES "Maps" ("MapId") ON DELETE CASCADE
);
INSERT INTO MapNodes VALUES(1,1001,0,0,'normal',NULL,NULL);
INSERT INTO MapNodes VALUES(1,1002,1500,0,'charging',NULL,NULL);
INSERT INTO MapNodes VALUES(1,1003,3000,0,'lift',2001,NULL);
INSERT INTO MapNodes VALUES(1,1004,3000,2000,'normal',NULL,900);
INSERT INTO MapNodes VALUES(1,1005,0,2000,'parking',NULL,NULL);
INSERT INTO MapNodes VALUES(2,2001,3000,0,'lift',1003,NULL);
INSERT INTO MapNodes VALUES(2,2002,3000,2500,'navigationSwitch',NULL,NULL);
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
