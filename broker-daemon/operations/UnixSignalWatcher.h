#pragma once

#include <QList>
#include <QObject>

class QSocketNotifier;

namespace ddalab {

// Turns Unix signals into a Qt signal on the event loop, the way Qt's documentation shows
// ("Calling Qt Functions From Unix Signal Handlers"): the handler only writes the signal's
// number into a socket pair, and a QSocketNotifier reads it on the thread that owns this
// object. One watcher per process; the default handlers come back when it is destroyed.
class UnixSignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit UnixSignalWatcher(const QList<int> &signalNumbers, QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

signals:
    void received(int signalNumber);

private:
    static void handle(int signalNumber);
    void readPending();

    QList<int> m_signals;
    QSocketNotifier *m_notifier = nullptr; // child
};

} // namespace ddalab
