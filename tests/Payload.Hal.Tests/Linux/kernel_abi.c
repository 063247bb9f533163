/* Prints the kernel/libc ABI facts Payload.Hal's Linux interop relies on, one "name value" per line.
   Compiled and run by KernelAbiTests against the headers of the machine running the tests. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <termios.h>
#include <linux/gpio.h>
#include <linux/i2c-dev.h>
#include <linux/i2c.h>
#include <linux/spi/spi.h>
#include <linux/spi/spidev.h>
#include <linux/watchdog.h>

#define V(name) printf("%s %llu\n", #name, (unsigned long long)(name));
#define S(type) printf("sizeof(%s) %zu\n", #type, sizeof(struct type));
#define O(type, field) printf("offsetof(%s.%s) %zu\n", #type, #field, offsetof(struct type, field));

int main(void)
{
    V(O_RDWR) V(O_NOCTTY) V(O_NONBLOCK) V(O_CLOEXEC) V(POLLIN) V(EINTR) V(EAGAIN)
    S(pollfd) O(pollfd, events) O(pollfd, revents)

    V(I2C_RDWR) V(I2C_M_RD) V(I2C_RDWR_IOCTL_MAX_MSGS)
    S(i2c_msg) O(i2c_msg, addr) O(i2c_msg, flags) O(i2c_msg, len) O(i2c_msg, buf)
    S(i2c_rdwr_ioctl_data) O(i2c_rdwr_ioctl_data, msgs) O(i2c_rdwr_ioctl_data, nmsgs)

    V(SPI_CPHA) V(SPI_CPOL) V(SPI_IOC_MESSAGE(1)) V(SPI_IOC_MESSAGE(2))
    V(SPI_IOC_WR_MODE) V(SPI_IOC_WR_BITS_PER_WORD) V(SPI_IOC_WR_MAX_SPEED_HZ)
    S(spi_ioc_transfer) O(spi_ioc_transfer, tx_buf) O(spi_ioc_transfer, rx_buf) O(spi_ioc_transfer, len)
    O(spi_ioc_transfer, speed_hz) O(spi_ioc_transfer, delay_usecs) O(spi_ioc_transfer, bits_per_word)
    O(spi_ioc_transfer, cs_change) O(spi_ioc_transfer, word_delay_usecs)

    V(GPIO_MAX_NAME_SIZE) V(GPIO_V2_LINES_MAX) V(GPIO_V2_LINE_NUM_ATTRS_MAX)
    V(GPIO_V2_LINE_FLAG_ACTIVE_LOW) V(GPIO_V2_LINE_FLAG_INPUT) V(GPIO_V2_LINE_FLAG_OUTPUT)
    V(GPIO_V2_LINE_FLAG_EDGE_RISING) V(GPIO_V2_LINE_FLAG_EDGE_FALLING) V(GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES)
    V(GPIO_V2_LINE_EVENT_RISING_EDGE) V(GPIO_V2_LINE_EVENT_FALLING_EDGE)
    V(GPIO_V2_GET_LINE_IOCTL) V(GPIO_V2_LINE_GET_VALUES_IOCTL) V(GPIO_V2_LINE_SET_VALUES_IOCTL)
    S(gpio_v2_line_values) S(gpio_v2_line_attribute) S(gpio_v2_line_config_attribute)
    S(gpio_v2_line_config) O(gpio_v2_line_config, num_attrs) O(gpio_v2_line_config, attrs)
    S(gpio_v2_line_request) O(gpio_v2_line_request, consumer) O(gpio_v2_line_request, config)
    O(gpio_v2_line_request, num_lines) O(gpio_v2_line_request, event_buffer_size) O(gpio_v2_line_request, fd)
    S(gpio_v2_line_event) O(gpio_v2_line_event, id) O(gpio_v2_line_event, offset) O(gpio_v2_line_event, line_seqno)

    V(WDIOC_GETBOOTSTATUS) V(WDIOC_KEEPALIVE) V(WDIOC_SETTIMEOUT) V(WDIOC_GETTIMEOUT)
    V(WDIOF_OVERHEAT) V(WDIOF_POWERUNDER) V(WDIOF_CARDRESET)

    V(NCCS) V(TCSANOW) V(TCIOFLUSH) V(VMIN) V(VTIME)
    V(CSIZE) V(CS8) V(CSTOPB) V(CREAD) V(PARENB) V(PARODD) V(CLOCAL) V(CRTSCTS)
    V(B1200) V(B2400) V(B4800) V(B9600) V(B19200) V(B38400) V(B57600) V(B115200) V(B230400) V(B460800) V(B921600)
    S(termios) O(termios, c_cflag) O(termios, c_line) O(termios, c_cc) O(termios, c_ispeed) O(termios, c_ospeed)
    return 0;
}
