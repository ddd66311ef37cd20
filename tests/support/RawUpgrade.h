#pragma once

#include <QByteArray>

// A WebSocket upgrade written by hand on a plain TCP connection to 127.0.0.1:port, for what a
// WebSocket client will not show: the status line and headers of a refusal, or a 101 sent
// where none may be. Returns what the daemon answers: up to the end of the headers of a 101,
// else everything until it closes the connection (at most 5 s).
QByteArray rawUpgrade(quint16 port, const QByteArray &target = "/ws",
                      const QByteArray &extraHeaders = {});
// The first line of an answer.
QByteArray statusLine(const QByteArray &answer);
// Whether an answer switched protocols anywhere (a 101 status line, first or later).
bool switchedProtocols(const QByteArray &answer);
