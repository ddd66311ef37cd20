#pragma once

#include "BenchOptions.h"
#include "LatencyRecorder.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QRandomGenerator>
#include <QWebSocket>

// One client connection of a run: registers, then sends its scenario's next message each time
// the previous one was answered (closed loop), recording the round trips while measuring.
class BenchConnection : public QObject
{
    Q_OBJECT
public:
    enum class Operation { Heartbeat, Publish, Request, PublishPreload };

    BenchConnection(int index, const BenchOptions &options, QObject *parent = nullptr);

    void open();
    // Starts the closed loop of `operation` (a scenario's mix when Mixed).
    void run(BenchOptions::Scenario scenario);
    // Publishes preload tokens from `next` on, taking the next index from the shared counter.
    void preload(int *next, int total);
    void stopLoop() { m_looping = false; }
    void sendHeartbeat();
    void setMeasuring(bool measuring) { m_measuring = measuring; }

    LatencyRecorder &latencies() { return m_latencies; }
    quint64 completed() const { return m_completed; }
    const QHash<QString, quint64> &errors() const { return m_errors; }
    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }

signals:
    void registered();
    void failed(const QString &reason);
    void preloadDone();
    void dropped();

private:
    void onText(const QString &text);
    void sendNext();
    void send(const QByteArray &frame);
    Operation pickOperation();
    QString shareToken(int index) const;

    int m_index;
    const BenchOptions &m_options;
    QString m_userId;
    QWebSocket m_socket;
    QElapsedTimer m_sentAt;
    bool m_registered = false;
    bool m_looping = false;
    bool m_measuring = false;
    bool m_awaiting = false;
    BenchOptions::Scenario m_scenario = BenchOptions::Scenario::Register;
    int *m_preloadNext = nullptr;
    int m_preloadTotal = 0;
    QRandomGenerator m_random;
    LatencyRecorder m_latencies;
    quint64 m_completed = 0;
    QHash<QString, quint64> m_errors;
};
