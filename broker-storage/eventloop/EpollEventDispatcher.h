#pragma once

#include <QAbstractEventDispatcher>
#include <QHash>

#include <atomic>
#include <unordered_map>

namespace ddalab {

// A Qt event dispatcher on Linux epoll. Qt's own dispatchers poll() every socket on every
// turn of the event loop, so with 15,000 idle desktop connections the broker spent four
// fifths of its time in the kernel walking sockets that had nothing to say; epoll reports
// only the ones that do. Socket notifiers, timers, posted events, wake-ups and interrupts
// behave as with QEventDispatcherUNIX (level-triggered, all timers at millisecond precision).
class EpollEventDispatcher final : public QAbstractEventDispatcher
{
    Q_OBJECT
public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;
    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;
    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                       QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;
    void wakeUp() override;
    void interrupt() override;

private:
    struct Notifiers
    {
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
        QSocketNotifier *exception = nullptr;
    };
    struct Timer
    {
        qint64 intervalMs;
        Qt::TimerType type;
        QObject *object;
        qint64 deadlineMs; // monotonic
        bool firing = false;
    };

    void updateInterest(int fd, bool wasRegistered);
    // Milliseconds until the next timer is due: -1 without timers, 0 when one is due.
    int msUntilNextTimer(qint64 nowMs) const;
    int fireDueTimers();
    void dispatchSocketEvent(int fd, quint32 events);
    static qint64 nowMs();

    int m_epoll = -1;
    int m_wakeFd = -1;
    std::atomic<bool> m_wakeUpPending{false};
    std::atomic<bool> m_interrupted{false};
    std::unordered_map<int, Notifiers> m_notifiers;
    QHash<int, Timer> m_timers;
};

} // namespace ddalab
