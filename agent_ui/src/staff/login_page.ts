import "./kefu-login";
