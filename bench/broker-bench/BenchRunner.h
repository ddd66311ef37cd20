#pragma once

#include "BenchConnection.h"
#include "BenchOptions.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <vector>

// Runs one scenario: opens the connections in waves, preloads shares when asked, warms up,
// measures for the given time, then prints the result and quits the application.
class BenchRunner : public QObject
{
    Q_OBJECT
public:
    explicit BenchRunner(const BenchOptions &options, QObject *parent = nullptr);
    void start();

private:
    void openNextWave();
    void allRegistered();
    void startLoad();
    void startMeasuring();
    void finish();
    void fail(const QString &reason);
    void heartbeatSlice();
    qint64 daemonRssKiB() const;

    BenchOptions m_options;
    std::vector<BenchConnection *> m_connections; // children
    std::vector<BenchConnection *> m_probes;      // hold: children measuring requests
    int m_opened = 0;
    int m_registered = 0;
    int m_dropped = 0;
    int m_preloadNext = 0;
    int m_preloadsDone = 0;
    qint64 m_idleRssKiB = 0;
    qint64 m_heldRssKiB = 0;
    QElapsedTimer m_clock;
    QElapsedTimer m_measured;
    QTimer m_heartbeats;
    size_t m_heartbeatCursor = 0;
};
