
-- Issue 9, the layers (README, Design: Layers): the platform's job framework
-- names no job of the hotline's in its messages.
--@ function or replace cron_database()
